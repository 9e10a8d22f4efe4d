import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { after, describe, it } from "node:test";
import { isEigenError } from "@eigenchain/chain";
import { createNobleBlsBackend, generateValidatorKey, loadValidatorKey, saveValidatorKey, verifyProofOfPossession } from "../../../src/index.js";

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
