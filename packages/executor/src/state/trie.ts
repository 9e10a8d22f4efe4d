// The executor's Merkle-Patricia trie: batched sorted updates, node codec, hashing each dirty node once.
import { RLP } from "@ethereumjs/rlp";
import type { KeccakFn } from "../crypto/keccak.js";
import { bytesToHexFast, equalBytes, hexToBytesFast } from "./bytes.js";

/**
 * A hexary Merkle-Patricia trie with fixed-length (32-byte, already hashed) keys, built for one
 * job: apply a whole block's updates in one sorted batch and hash every dirty node exactly once.
 * Nodes are immutable; an update builds new nodes beside the old ones. Keys and paths are
 * lower-case hex strings (one character per nibble), which makes prefix checks cheap.
 */

export interface LeafNode {
  kind: 0;
  path: string;
  value: Uint8Array;
  enc?: Uint8Array;
  hash?: Uint8Array;
}
export interface ExtensionNode {
  kind: 1;
  path: string;
  child: NodeRef;
  enc?: Uint8Array;
  hash?: Uint8Array;
}
export interface BranchNode {
  kind: 2;
  children: (NodeRef | null)[];
  enc?: Uint8Array;
  hash?: Uint8Array;
}
export type TrieNode = LeafNode | ExtensionNode | BranchNode;
/** A child: a decoded node, or the 32-byte hash of a stored one not loaded yet. */
export type NodeRef = TrieNode | Uint8Array;

/** Where nodes come from: memory first, then disk. */
export interface NodeLoader {
  loadNode(hash: Uint8Array): Promise<TrieNode>;
}

export const EMPTY_TRIE_ROOT = hexToBytesFast("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

const HEX = "0123456789abcdef";
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE[HEX.charCodeAt(i)] = i;
  NIBBLE[HEX.toUpperCase().charCodeAt(i)] = i;
}

function nib(key: string, depth: number): number {
  return NIBBLE[key.charCodeAt(depth)]!;
}

// ---------- RLP of pre-encoded parts ----------

function encodeLength(len: number, offset: number): Uint8Array {
  if (len < 56) return Uint8Array.of(offset + len);
  const hexLen = len.toString(16);
  const lenBytes = hexToBytesFast(hexLen.length % 2 === 1 ? `0${hexLen}` : hexLen);
  const out = new Uint8Array(1 + lenBytes.length);
  out[0] = offset + 55 + lenBytes.length;
  out.set(lenBytes, 1);
  return out;
}

function rlpBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 1 && bytes[0]! < 0x80) return bytes;
  const prefix = encodeLength(bytes.length, 0x80);
  const out = new Uint8Array(prefix.length + bytes.length);
  out.set(prefix, 0);
  out.set(bytes, prefix.length);
  return out;
}

function rlpListOfEncoded(parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const prefix = encodeLength(total, 0xc0);
  const out = new Uint8Array(prefix.length + total);
  out.set(prefix, 0);
  let at = prefix.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const RLP_EMPTY = Uint8Array.of(0x80);

// ---------- hex-prefix encoding ----------

function hpEncode(path: string, leaf: boolean): Uint8Array {
  const odd = path.length % 2 === 1;
  const flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
  return hexToBytesFast(odd ? `${flag}${path}` : `${flag}0${path}`);
}

function hpDecode(bytes: Uint8Array): { path: string; leaf: boolean } {
  const hex = bytesToHexFast(bytes);
  const flag = nib(hex, 0);
  return { path: hex.slice(flag & 1 ? 1 : 2), leaf: (flag & 2) !== 0 };
}

// ---------- decoding ----------

type RlpItem = Uint8Array | RlpItem[];

function decodeRef(item: RlpItem): NodeRef | null {
  if (item instanceof Uint8Array) {
    if (item.length === 0) return null;
    if (item.length === 32) return item;
    throw new Error(`trie: invalid child reference of ${item.length} bytes`);
  }
  const node = decodeItems(item);
  node.enc = RLP.encode(item);
  return node;
}

function decodeItems(items: RlpItem[]): TrieNode {
  if (items.length === 17) {
    const children: (NodeRef | null)[] = new Array(16);
    for (let i = 0; i < 16; i++) children[i] = decodeRef(items[i]!);
    return { kind: 2, children };
  }
  if (items.length === 2) {
    const first = items[0];
    if (!(first instanceof Uint8Array)) throw new Error("trie: invalid node path");
    const { path, leaf } = hpDecode(first);
    if (leaf) {
      const value = items[1];
      if (!(value instanceof Uint8Array)) throw new Error("trie: invalid leaf value");
      return { kind: 0, path, value };
    }
    const child = decodeRef(items[1]!);
    if (child === null) throw new Error("trie: extension without child");
    return { kind: 1, path, child };
  }
  throw new Error(`trie: invalid node with ${items.length} items`);
}

/** Decodes a stored node; `hash` is its key. */
export function decodeNode(enc: Uint8Array, hash: Uint8Array): TrieNode {
  const node = decodeItems(RLP.decode(enc) as RlpItem[]);
  node.enc = enc;
  node.hash = hash;
  return node;
}

// ---------- reads ----------

async function resolve(ref: NodeRef, loader: NodeLoader): Promise<TrieNode> {
  return ref instanceof Uint8Array ? loader.loadNode(ref) : ref;
}

/** The value stored under `key` (64 hex chars) below `root`, or undefined. */
export async function trieGet(root: Uint8Array, key: string, loader: NodeLoader): Promise<Uint8Array | undefined> {
  if (equalBytes(root, EMPTY_TRIE_ROOT)) return undefined;
  let node = await loader.loadNode(root);
  let depth = 0;
  for (;;) {
    if (node.kind === 0) return key.length - depth === node.path.length && key.startsWith(node.path, depth) ? node.value : undefined;
    if (node.kind === 1) {
      if (!key.startsWith(node.path, depth)) return undefined;
      depth += node.path.length;
      node = await resolve(node.child, loader);
    } else {
      const child = node.children[nib(key, depth)];
      if (child === null || child === undefined) return undefined;
      depth += 1;
      node = await resolve(child, loader);
    }
  }
}

// ---------- batched update ----------

/**
 * Applies sorted, unique `keys` (64 hex chars) with `values` (null deletes) to the trie at
 * `root`; returns the new root node (null when empty). Nothing is hashed here.
 */
export async function trieUpdate(
  root: Uint8Array,
  keys: readonly string[],
  values: readonly (Uint8Array | null)[],
  loader: NodeLoader,
): Promise<TrieNode | null> {
  const start = equalBytes(root, EMPTY_TRIE_ROOT) ? null : root;
  if (keys.length === 0) return start === null ? null : loader.loadNode(start);
  return update(start, keys, values, 0, keys.length, 0, loader);
}

async function update(
  ref: NodeRef | null,
  keys: readonly string[],
  values: readonly (Uint8Array | null)[],
  lo: number,
  hi: number,
  depth: number,
  loader: NodeLoader,
): Promise<TrieNode | null> {
  if (ref === null) return buildFiltered(keys, values, lo, hi, depth);
  const node = await resolve(ref, loader);
  if (node.kind === 0) {
    const leafKey = keys[lo]!.slice(0, depth) + node.path;
    const ks: string[] = [];
    const vs: (Uint8Array | null)[] = [];
    let inserted = false;
    for (let i = lo; i < hi; i++) {
      const k = keys[i]!;
      if (!inserted && k >= leafKey) {
        if (k !== leafKey) {
          ks.push(leafKey);
          vs.push(node.value);
        }
        inserted = true;
      }
      ks.push(k);
      vs.push(values[i]!);
    }
    if (!inserted) {
      ks.push(leafKey);
      vs.push(node.value);
    }
    return buildFiltered(ks, vs, 0, ks.length, depth);
  }
  if (node.kind === 1) {
    const path = node.path;
    let allMatch = true;
    for (let i = lo; i < hi; i++) {
      if (!keys[i]!.startsWith(path, depth)) {
        allMatch = false;
        break;
      }
    }
    if (allMatch) {
      const child = await update(node.child, keys, values, lo, hi, depth + path.length, loader);
      return makeExtension(path, child);
    }
    // Some key leaves the shared path: rewrite the extension as the equivalent branch, then update that.
    const children: (NodeRef | null)[] = new Array(16).fill(null);
    const rest = path.slice(1);
    children[nib(path, 0)] = rest.length > 0 ? { kind: 1, path: rest, child: node.child } : node.child;
    return updateBranch(children, keys, values, lo, hi, depth, loader);
  }
  return updateBranch(node.children.slice(), keys, values, lo, hi, depth, loader);
}

async function updateBranch(
  children: (NodeRef | null)[],
  keys: readonly string[],
  values: readonly (Uint8Array | null)[],
  lo: number,
  hi: number,
  depth: number,
  loader: NodeLoader,
): Promise<TrieNode | null> {
  let i = lo;
  while (i < hi) {
    const n = nib(keys[i]!, depth);
    let j = i + 1;
    while (j < hi && nib(keys[j]!, depth) === n) j++;
    children[n] = await update(children[n] ?? null, keys, values, i, j, depth + 1, loader);
    i = j;
  }
  let count = 0;
  let only = -1;
  for (let c = 0; c < 16; c++) {
    if (children[c] !== null && children[c] !== undefined) {
      count++;
      only = c;
    }
  }
  if (count === 0) return null;
  if (count > 1) return { kind: 2, children };
  const child = await resolve(children[only]!, loader);
  return makeExtension(HEX[only]!, child);
}

function makeExtension(path: string, child: TrieNode | null): TrieNode | null {
  if (child === null) return null;
  if (child.kind === 0) return { kind: 0, path: path + child.path, value: child.value };
  if (child.kind === 1) return { kind: 1, path: path + child.path, child: child.child };
  return { kind: 1, path, child };
}

function buildFiltered(
  keys: readonly string[],
  values: readonly (Uint8Array | null)[],
  lo: number,
  hi: number,
  depth: number,
): TrieNode | null {
  const ks: string[] = [];
  const vs: Uint8Array[] = [];
  for (let i = lo; i < hi; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      ks.push(keys[i]!);
      vs.push(v);
    }
  }
  return build(ks, vs, 0, ks.length, depth);
}

function build(keys: readonly string[], values: readonly Uint8Array[], lo: number, hi: number, depth: number): TrieNode | null {
  if (hi === lo) return null;
  if (hi - lo === 1) return { kind: 0, path: keys[lo]!.slice(depth), value: values[lo]! };
  const first = keys[lo]!;
  const last = keys[hi - 1]!;
  let common = depth;
  while (common < first.length && first.charCodeAt(common) === last.charCodeAt(common)) common++;
  if (common > depth) {
    const branch = buildBranch(keys, values, lo, hi, common);
    return { kind: 1, path: first.slice(depth, common), child: branch };
  }
  return buildBranch(keys, values, lo, hi, depth);
}

function buildBranch(keys: readonly string[], values: readonly Uint8Array[], lo: number, hi: number, depth: number): BranchNode {
  const children: (NodeRef | null)[] = new Array(16).fill(null);
  let i = lo;
  while (i < hi) {
    const n = nib(keys[i]!, depth);
    let j = i + 1;
    while (j < hi && nib(keys[j]!, depth) === n) j++;
    children[n] = build(keys, values, i, j, depth + 1);
    i = j;
  }
  return { kind: 2, children };
}

// ---------- hashing ----------

/**
 * Hashes every dirty node below `root` once (bottom-up), reporting each node that must be stored
 * (`store(hash, enc)`); returns the root hash. Clean nodes keep their cached encoding and hash.
 */
export function trieCommit(root: TrieNode | null, keccak: KeccakFn, store: (hash: Uint8Array, enc: Uint8Array) => void): Uint8Array {
  if (root === null) return EMPTY_TRIE_ROOT;
  const enc = encodeNode(root, keccak, store);
  if (root.hash !== undefined) return root.hash;
  // A root shorter than 32 bytes is still stored under its hash.
  const hash = keccak(enc);
  store(hash, enc);
  return hash;
}

/**
 * Updates the subtrie hanging at `depth` nibbles (`ref`: a branch's child) with sorted `keys` that
 * all share that prefix; null values delete. For hashing a trie's subtries on several threads.
 */
export function trieUpdateAt(
  ref: NodeRef | null,
  keys: readonly string[],
  values: readonly (Uint8Array | null)[],
  depth: number,
  loader: NodeLoader,
): Promise<TrieNode | null> {
  if (keys.length === 0) return ref === null ? Promise.resolve(null) : resolve(ref, loader);
  return update(ref, keys, values, 0, keys.length, depth, loader);
}

/** A branch node (no value) from its 16 encoded child references. */
export function encodeBranch(refs: readonly Uint8Array[]): Uint8Array {
  return rlpListOfEncoded([...refs, RLP_EMPTY]);
}

/** A child as its parent embeds it: `rlp(hash)`, the inline node's encoding, or the empty string. */
export function encodeChildRef(ref: NodeRef | null, keccak: KeccakFn, store: (hash: Uint8Array, enc: Uint8Array) => void): Uint8Array {
  if (ref === null) return RLP_EMPTY;
  if (ref instanceof Uint8Array) return rlpBytes(ref);
  const enc = encodeNode(ref, keccak, store);
  return enc.length < 32 ? enc : rlpBytes(ref.hash!);
}

function encodeNode(node: TrieNode, keccak: KeccakFn, store: (hash: Uint8Array, enc: Uint8Array) => void): Uint8Array {
  if (node.enc !== undefined) return node.enc;
  let enc: Uint8Array;
  if (node.kind === 0) {
    enc = rlpListOfEncoded([rlpBytes(hpEncode(node.path, true)), rlpBytes(node.value)]);
  } else if (node.kind === 1) {
    enc = rlpListOfEncoded([rlpBytes(hpEncode(node.path, false)), encodeChildRef(node.child, keccak, store)]);
  } else {
    const refs: Uint8Array[] = new Array(16);
    for (let i = 0; i < 16; i++) refs[i] = encodeChildRef(node.children[i] ?? null, keccak, store);
    enc = encodeBranch(refs);
  }
  node.enc = enc;
  if (enc.length >= 32) {
    const hash = keccak(enc);
    node.hash = hash;
    store(hash, enc);
  }
  return enc;
}

// ---------- index-keyed tries (receipts, transactions) ----------

/**
 * Root of the trie keyed by `rlp(index)` holding `values[index]` (the receipts and transactions
 * roots of a header), built in one sorted pass and hashed once per node with `keccak`. No key
 * `rlp(i)` is a prefix of another, so the batched builder needs no branch values. Equals
 * `@ethereumjs/mpt` put-by-put, which hashes the path on every put (~1 s for 2,000 receipts).
 */
export function computeIndexedTrieRoot(values: readonly Uint8Array[], keccak: KeccakFn): Uint8Array {
  if (values.length === 0) return EMPTY_TRIE_ROOT;
  const keys = values.map((_, i) => bytesToHexFast(RLP.encode(i)));
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const root = build(
    order.map((i) => keys[i]!),
    order.map((i) => values[i]!),
    0,
    order.length,
    0,
  );
  return trieCommit(root, keccak, () => {});
}
