// The node's libp2p identity: an ed25519 key in a 0600 JSON file, created on first use.
import { lstat, mkdir, open, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from "@libp2p/crypto/keys";
import type { PrivateKey, PublicKey } from "@libp2p/interface";
import { peerIdFromPrivateKey, peerIdFromPublicKey } from "@libp2p/peer-id";
import { createP2PError } from "./errors.js";

interface PeerKeyFileJson {
  version: 1;
  type: "ed25519";
  peerId: string;
  /** libp2p protobuf encoding of the private key, 0x-hex. */
  privateKey: string;
}

/** The peer id (base58 multihash string) of a libp2p key. */
export function peerIdFromKey(key: PrivateKey | PublicKey): string {
  return "publicKey" in key ? peerIdFromPrivateKey(key).toString() : peerIdFromPublicKey(key).toString();
}

/**
 * Loads the ed25519 peer key at `path`, or creates one (mode 0600) when there is no file.
 * Refuses a file that group or others can read or write, and never writes through a symlink.
 */
export async function loadOrCreatePeerKey(path: string): Promise<PrivateKey> {
  const existing = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return null;
    throw err;
  });
  if (existing !== null) return loadPeerKey(path);
  const key = await generateKeyPair("Ed25519");
  const created = await writeNewKeyFile(path, key);
  return created ? key : loadPeerKey(path); // lost a race with another writer: use its key
}

/** Writes a new key file with O_EXCL (so a symlink or an existing file is never followed); false if one appeared. */
async function writeNewKeyFile(path: string, key: PrivateKey): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const body: PeerKeyFileJson = {
    version: 1,
    type: "ed25519",
    peerId: peerIdFromPrivateKey(key).toString(),
    privateKey: `0x${Buffer.from(privateKeyToProtobuf(key)).toString("hex")}`,
  };
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    await handle.chmod(0o600); // the mode given to open() is masked by the umask
    await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function loadPeerKey(path: string): Promise<PrivateKey> {
  await checkKeyFileMode(path);
  const invalid = (why: string, cause?: unknown) =>
    createP2PError({ code: "P2P_KEY_FILE_INVALID", path }, `invalid peer key file ${path}: ${why}`, cause);
  let json: Partial<PeerKeyFileJson>;
  try {
    json = JSON.parse(await readFile(path, "utf8")) as Partial<PeerKeyFileJson>;
  } catch (err) {
    throw invalid("not JSON", err);
  }
  if (json.version !== 1 || json.type !== "ed25519" || typeof json.privateKey !== "string") throw invalid("unknown version or key type");
  if (!/^0x[0-9a-fA-F]+$/.test(json.privateKey)) throw invalid("malformed private key");
  let key: PrivateKey;
  try {
    key = privateKeyFromProtobuf(Buffer.from(json.privateKey.slice(2), "hex"));
  } catch (err) {
    throw invalid("undecodable private key", err);
  }
  if (key.type !== "Ed25519") throw invalid(`expected an Ed25519 key, found ${key.type}`);
  if (json.peerId !== undefined && json.peerId !== peerIdFromKey(key)) throw invalid("peerId does not match the private key");
  return key;
}

/** Like ssh: refuse a key file that group or others may read or write. */
async function checkKeyFileMode(path: string): Promise<void> {
  const st = await stat(path);
  if (!st.isFile()) throw createP2PError({ code: "P2P_KEY_FILE_INVALID", path }, `peer key ${path} is not a regular file`);
  const mode = st.mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw createP2PError(
      { code: "P2P_KEY_FILE_PERMISSIONS", path, mode },
      `refusing to load peer key ${path}: permissions 0${mode.toString(8)} let other users read it; run \`chmod 600 ${path}\``,
    );
  }
}
