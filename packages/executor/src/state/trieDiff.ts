// The first differing key between two tries (what a validator reports on a state-root mismatch).

import { equalBytes } from "./bytes.js";
import type { NodeLoader, NodeRef, TrieNode } from "./trie.js";
import { EMPTY_TRIE_ROOT } from "./trie.js";

/** The first key (in key order) whose value differs between two tries; undefined value = absent. */
export interface TrieDifference {
  /** Hex nibbles of the (hashed) key. */
  key: string;
  a: Uint8Array | undefined;
  b: Uint8Array | undefined;
}

const HEX = "0123456789abcdef";

/** A node seen one nibble at a time: its value (at the end of a key) and its children by nibble. */
interface Expanded {
  value: Uint8Array | undefined;
  children: (NodeRef | null)[];
}

function expand(node: TrieNode | null): Expanded {
  const children: (NodeRef | null)[] = new Array(16).fill(null);
  if (node === null) return { value: undefined, children };
  if (node.kind === 2) return { value: undefined, children: node.children.map((c) => c ?? null) };
  if (node.path.length === 0) {
    if (node.kind === 0) return { value: node.value, children };
    return expand(null);
  }
  const first = HEX.indexOf(node.path[0]!);
  const rest = node.path.slice(1);
  if (node.kind === 0) children[first] = { kind: 0, path: rest, value: node.value };
  else children[first] = rest.length === 0 ? node.child : { kind: 1, path: rest, child: node.child };
  return { value: undefined, children };
}

function sameRef(a: NodeRef | null, b: NodeRef | null): boolean {
  if (a === null || b === null) return a === b;
  const ha = a instanceof Uint8Array ? a : a.hash;
  const hb = b instanceof Uint8Array ? b : b.hash;
  return ha !== undefined && hb !== undefined && equalBytes(ha, hb);
}

async function load(ref: NodeRef | null, loader: NodeLoader): Promise<TrieNode | null> {
  if (ref === null) return null;
  if (ref instanceof Uint8Array) {
    const node = await loader.loadNode(ref);
    return node;
  }
  if (ref.kind === 1 && ref.path.length === 0) return load(ref.child, loader);
  return ref;
}

async function diff(a: NodeRef | null, b: NodeRef | null, prefix: string, loader: NodeLoader): Promise<TrieDifference | undefined> {
  if (sameRef(a, b)) return undefined;
  const ea = expand(await load(a, loader));
  const eb = expand(await load(b, loader));
  if (ea.value !== undefined || eb.value !== undefined) {
    if (ea.value === undefined || eb.value === undefined || !equalBytes(ea.value, eb.value))
      return { key: prefix, a: ea.value, b: eb.value };
  }
  for (let i = 0; i < 16; i++) {
    const found = await diff(ea.children[i] ?? null, eb.children[i] ?? null, prefix + HEX[i], loader);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Walks two tries side by side, skipping every subtree whose hash they share, and returns the
 * smallest key whose value differs (undefined when the tries are equal). Cost: the nodes on the
 * differing paths only.
 */
export async function findFirstTrieDifference(
  rootA: Uint8Array,
  rootB: Uint8Array,
  loader: NodeLoader,
): Promise<TrieDifference | undefined> {
  if (equalBytes(rootA, rootB)) return undefined;
  const a = equalBytes(rootA, EMPTY_TRIE_ROOT) ? null : rootA;
  const b = equalBytes(rootB, EMPTY_TRIE_ROOT) ? null : rootB;
  return diff(a, b, "", loader);
}
