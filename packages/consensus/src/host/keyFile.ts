// Validator BLS keys: generation, addresses, and key files that never leak the secret.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { inspect } from "node:util";
import { keccak256, toHex } from "@eigenchain/chain";
import { createBlsBackend } from "../crypto/bls.js";
import { createProofOfPossession } from "../crypto/signing.js";
import { createConsensusError } from "../errors.js";
import type { BlsBackend } from "../interface.js";

/** A validator's address: the last 20 bytes of keccak256(BLS public key), 0x-hex lower case. */
export function getValidatorAddress(publicKey: Uint8Array): string {
  return toHex(keccak256(publicKey).slice(12));
}

/**
 * A validator's BLS key. The secret never appears in `JSON.stringify`, `console.log` or `util.inspect`
 * output (they show `[redacted]`); only `saveValidatorKey` writes it.
 */
export class ValidatorKey {
  readonly publicKey: Uint8Array;
  /** 20-byte address: the last 20 bytes of keccak256(publicKey), 0x-hex. */
  readonly address: string;
  /** Proof of possession (see `createProofOfPossession`). */
  readonly proofOfPossession: Uint8Array;
  readonly #secretKey: Uint8Array;

  constructor(secretKey: Uint8Array, publicKey: Uint8Array, proofOfPossession: Uint8Array) {
    this.#secretKey = secretKey;
    this.publicKey = publicKey;
    this.proofOfPossession = proofOfPossession;
    this.address = getValidatorAddress(publicKey);
  }

  /** The secret key bytes, for the signer. Do not log them. */
  getSecretKey(): Uint8Array {
    return this.#secretKey;
  }

  toJSON(): { address: string; publicKey: string; secretKey: string } {
    return { address: this.address, publicKey: toHex(this.publicKey), secretKey: "[redacted]" };
  }

  [inspect.custom](): string {
    return `ValidatorKey { address: ${this.address}, publicKey: ${toHex(this.publicKey)}, secretKey: [redacted] }`;
  }
}

export interface GenerateValidatorKeyOpts {
  /** At least 32 bytes of seed for deterministic keys (tests, devnets); random otherwise. */
  seed?: Uint8Array;
  bls?: BlsBackend;
}

export function generateValidatorKey(opts: GenerateValidatorKeyOpts = {}): ValidatorKey {
  const bls = opts.bls ?? createBlsBackend();
  const { secretKey, publicKey } = bls.keygen(opts.seed ?? randomBytes(32));
  return new ValidatorKey(secretKey, publicKey, createProofOfPossession(bls, secretKey));
}

interface KeyFileJson {
  version: 1;
  type: "bls12-381";
  address: string;
  publicKey: string;
  proofOfPossession: string;
  secretKey: string;
}

export interface SaveValidatorKeyOpts {
  /** Replace an existing file (default: refuse). */
  overwrite?: boolean;
}

/**
 * Refuses a key path that is a symbolic link: writing the secret through one (with --force) would
 * put it wherever the link points, and lets whoever planted the link choose that place.
 */
async function refuseSymlink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) {
      throw createConsensusError(
        { code: "CONSENSUS_KEY_FILE_UNSAFE", path },
        `refusing to write validator key through a symbolic link: ${path}`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}

/**
 * Writes the key as JSON, readable by the owner only (mode 0600), and fsyncs it. A folder it has to
 * create is made 0700; the file is never written through a symbolic link (lstat first, and
 * O_NOFOLLOW on the open itself, so a link swapped in between is refused too).
 */
export async function saveValidatorKey(path: string, key: ValidatorKey, opts: SaveValidatorKeyOpts = {}): Promise<void> {
  const body: KeyFileJson = {
    version: 1,
    type: "bls12-381",
    address: key.address,
    publicKey: toHex(key.publicKey),
    proofOfPossession: toHex(key.proofOfPossession),
    secretKey: toHex(key.getSecretKey()),
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await refuseSymlink(path);
  const { O_WRONLY, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW } = constants;
  const flags = O_WRONLY | O_CREAT | O_NOFOLLOW | (opts.overwrite === true ? O_TRUNC : O_EXCL);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, flags, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw createConsensusError({ code: "CONSENSUS_KEY_FILE_EXISTS", path }, `key file already exists: ${path}`, err);
    }
    if (code === "ELOOP") {
      throw createConsensusError(
        { code: "CONSENSUS_KEY_FILE_UNSAFE", path },
        `refusing to write validator key through a symbolic link: ${path}`,
        err,
      );
    }
    throw err;
  }
  try {
    // On the open file, not the path: the mode of open() is masked by umask and ignored for an existing file.
    await handle.chmod(0o600);
    await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function parseHex(value: unknown, bytes: number): Uint8Array | null {
  if (typeof value !== "string" || !new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(value)) return null;
  return Uint8Array.from(Buffer.from(value.slice(2), "hex"));
}

/**
 * Loads a key file written by `saveValidatorKey`. Refuses a file that group or others can read or write
 * (like ssh does), and checks that the public key matches the secret key.
 */
export async function loadValidatorKey(path: string, opts: { bls?: BlsBackend } = {}): Promise<ValidatorKey> {
  const st = await stat(path);
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw createConsensusError(
      { code: "CONSENSUS_KEY_FILE_PERMISSIONS", path, mode },
      `refusing to load validator key ${path}: permissions 0${mode.toString(8)} let other users read it; run \`chmod 600 ${path}\``,
    );
  }
  const invalid = (why: string, cause?: unknown) =>
    createConsensusError({ code: "CONSENSUS_KEY_FILE_INVALID", path }, `invalid validator key file ${path}: ${why}`, cause);
  let json: Partial<KeyFileJson>;
  try {
    json = JSON.parse(await readFile(path, "utf8")) as Partial<KeyFileJson>;
  } catch (err) {
    throw invalid("not JSON", err);
  }
  if (json.version !== 1 || json.type !== "bls12-381") throw invalid("unknown version or key type");
  const secretKey = parseHex(json.secretKey, 32);
  const publicKey = parseHex(json.publicKey, 48);
  const pop = parseHex(json.proofOfPossession, 96);
  if (secretKey === null || publicKey === null || pop === null) throw invalid("malformed key fields");
  const bls = opts.bls ?? createBlsBackend();
  let derived: Uint8Array;
  try {
    derived = bls.getPublicKey(secretKey);
  } catch (err) {
    throw invalid("secret key out of range", err);
  }
  if (toHex(derived) !== toHex(publicKey)) throw invalid("public key does not match the secret key");
  return new ValidatorKey(secretKey, publicKey, pop);
}
