import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadOrCreatePeerKey, peerIdFromKey } from "../../src/index.js";

describe("peer key file", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "p2p-key-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is created with mode 0600 and loads back to the same peer id", async () => {
    const path = join(dir, "nested", "peer.key");
    const created = await loadOrCreatePeerKey(path);
    assert.equal(created.type, "Ed25519");
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const loaded = await loadOrCreatePeerKey(path);
    assert.equal(peerIdFromKey(loaded), peerIdFromKey(created));
    assert.equal(peerIdFromKey(loaded.publicKey), peerIdFromKey(created));
    assert.match(peerIdFromKey(created), /^12D3KooW/);
    const json = JSON.parse(await readFile(path, "utf8")) as { peerId: string };
    assert.equal(json.peerId, peerIdFromKey(created));
  });

  it("refuses a file that group or others can read", async () => {
    const path = join(dir, "open.key");
    await loadOrCreatePeerKey(path);
    for (const mode of [0o644, 0o640, 0o604]) {
      await chmod(path, mode);
      await assert.rejects(loadOrCreatePeerKey(path), { code: "P2P_KEY_FILE_PERMISSIONS" });
    }
  });

  it("refuses a malformed file", async () => {
    const path = join(dir, "bad.key");
    await writeFile(path, "not json", { mode: 0o600 });
    await assert.rejects(loadOrCreatePeerKey(path), { code: "P2P_KEY_FILE_INVALID" });
    await writeFile(path, JSON.stringify({ version: 1, type: "ed25519", privateKey: "0x1234" }), { mode: 0o600 });
    await assert.rejects(loadOrCreatePeerKey(path), { code: "P2P_KEY_FILE_INVALID" });
  });

  it("does not write through a symlink", async () => {
    const target = join(dir, "elsewhere.key");
    const path = join(dir, "link.key");
    await symlink(target, path);
    await assert.rejects(loadOrCreatePeerKey(path));
    await assert.rejects(stat(target), { code: "ENOENT" }, "nothing was written at the link's target");
  });
});
