import assert from "node:assert/strict";
import { chmod, lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { inspect } from "node:util";
import { isEigenError } from "@eigenchain/chain";
import {
  createNobleBlsBackend,
  generateValidatorKey,
  loadValidatorKey,
  saveValidatorKey,
  verifyProofOfPossession,
} from "../../../src/index.js";

const dir = await mkdtemp(join(tmpdir(), "eigen-keys-"));
after(() => rm(dir, { recursive: true, force: true }));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("validator key files", () => {
  it("saves with mode 0600 and loads the same key", async () => {
    const key = generateValidatorKey({ seed: new Uint8Array(32).fill(9) });
    const path = join(dir, "key.json");
    await saveValidatorKey(path, key);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    const loaded = await loadValidatorKey(path);
    assert.equal(loaded.address, key.address);
    assert.equal(hex(loaded.publicKey), hex(key.publicKey));
    assert.equal(hex(loaded.getSecretKey()), hex(key.getSecretKey()));
    assert.equal(verifyProofOfPossession(createNobleBlsBackend(), loaded.publicKey, loaded.proofOfPossession), true);
    await assert.rejects(saveValidatorKey(path, key), (e) => isEigenError(e, "CONSENSUS_KEY_FILE_EXISTS"));
  });

  it("never writes through a symbolic link, even with overwrite (--force); the link's target is untouched", async () => {
    const key = generateValidatorKey({ seed: new Uint8Array(32).fill(3) });
    const target = join(dir, "victim.txt");
    await writeFile(target, "precious\n");
    const link = join(dir, "linked-key.json");
    await symlink(target, link);
    for (const overwrite of [false, true]) {
      await assert.rejects(saveValidatorKey(link, key, { overwrite }), (e: unknown) => {
        assert.ok(isEigenError(e, "CONSENSUS_KEY_FILE_UNSAFE"), String(e));
        assert.match((e as Error).message, /symbolic link/);
        return true;
      });
    }
    assert.equal(await readFile(target, "utf8"), "precious\n");
    // A dangling link (its target not there yet) is refused as well, and nothing is created.
    const dangling = join(dir, "dangling-key.json");
    await symlink(join(dir, "not-yet.json"), dangling);
    await assert.rejects(saveValidatorKey(dangling, key, { overwrite: true }), (e) => isEigenError(e, "CONSENSUS_KEY_FILE_UNSAFE"));
    await assert.rejects(lstat(join(dir, "not-yet.json")), /ENOENT/);
  });

  it("creates a missing key folder 0700 and overwrites an existing key file as 0600", async () => {
    const key = generateValidatorKey({ seed: new Uint8Array(32).fill(4) });
    const folder = join(dir, "fresh", "keys");
    const path = join(folder, "key.json");
    await saveValidatorKey(path, key);
    assert.equal((await stat(folder)).mode & 0o777, 0o700);
    await chmod(path, 0o644);
    await saveValidatorKey(path, key, { overwrite: true });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await loadValidatorKey(path)).address, key.address);
  });

  it("refuses a world- or group-readable key file with a clear error", async () => {
    const key = generateValidatorKey();
    const path = join(dir, "open.json");
    await saveValidatorKey(path, key);
    await chmod(path, 0o644);
    await assert.rejects(loadValidatorKey(path), (e: unknown) => {
      assert.ok(isEigenError(e, "CONSENSUS_KEY_FILE_PERMISSIONS"));
      assert.match((e as Error).message, /permissions 0644.*chmod 600/);
      return true;
    });
  });

  it("never shows the secret key in JSON, inspect or error output", async () => {
    const key = generateValidatorKey();
    const secret = hex(key.getSecretKey());
    assert.ok(!JSON.stringify(key).includes(secret));
    assert.ok(!inspect(key, { depth: 5 }).includes(secret));
    assert.ok(!`${String(key)}`.includes(secret));
    const path = join(dir, "k2.json");
    await saveValidatorKey(path, key);
    assert.ok((await readFile(path, "utf8")).includes(secret), "only the file holds it");
  });

  it("rejects a tampered key file", async () => {
    const a = generateValidatorKey();
    const b = generateValidatorKey();
    const path = join(dir, "bad.json");
    await saveValidatorKey(path, a);
    const json = JSON.parse(await readFile(path, "utf8")) as Record<string, string>;
    json.publicKey = `0x${hex(b.publicKey)}`;
    await writeFile(path, JSON.stringify(json), { mode: 0o600 });
    await assert.rejects(loadValidatorKey(path), (e) => isEigenError(e, "CONSENSUS_KEY_FILE_INVALID"));
  });
});
