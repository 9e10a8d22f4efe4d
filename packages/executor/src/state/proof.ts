// EIP-1186 Merkle proofs (eth_getProof): the trie nodes from a state root down to an account and its storage slots.
import { RLP } from "@ethereumjs/rlp";
import { bytesToBigInt } from "@ethereumjs/util";
import type { StateStore } from "../interface.js";
import { checkStateRoot, requireTrieStore } from "../runHelpers.js";
import type { AccountData } from "./account.js";
import { createEmptyAccount, decodeAccount } from "./account.js";
import { bytesToHexFast, equalBytes } from "./bytes.js";
import type { NodeLoader, NodeRef } from "./trie.js";
import { EMPTY_TRIE_ROOT } from "./trie.js";

export interface StorageProof {
  /** The 32-byte slot. */
  key: Uint8Array;
  value: bigint;
  proof: Uint8Array[];
}

export interface AccountProof {
  /** The account's fields; an absent account reads as the empty one. */
  account: AccountData;
  accountProof: Uint8Array[];
  storageProof: StorageProof[];
}

/**
 * The RLP encodings of the nodes on the path to `key` (64 hex chars), root first, as geth's
 * `trie.Prove`: a node embedded in its parent (shorter than 32 bytes) is part of the parent's
 * encoding, not an item of its own. The path may end early: that proves the key absent.
 */
export async function proveTrieKey(
  root: Uint8Array,
  key: string,
  loader: NodeLoader,
): Promise<{ proof: Uint8Array[]; value?: Uint8Array }> {
  const proof: Uint8Array[] = [];
  if (equalBytes(root, EMPTY_TRIE_ROOT)) return { proof };
  let node = await loader.loadNode(root);
  let depth = 0;
  for (;;) {
    if (node.hash !== undefined && node.enc !== undefined) proof.push(node.enc);
    if (node.kind === 0) {
      const found = key.length - depth === node.path.length && key.startsWith(node.path, depth);
      return found ? { proof, value: node.value } : { proof };
    }
    let next: NodeRef | null | undefined;
    if (node.kind === 1) {
      if (!key.startsWith(node.path, depth)) return { proof };
      depth += node.path.length;
      next = node.child;
    } else {
      next = node.children[Number.parseInt(key[depth]!, 16)];
      depth += 1;
    }
    if (next === null || next === undefined) return { proof };
    node = next instanceof Uint8Array ? await loader.loadNode(next) : next;
  }
}

/** eth_getProof's data for `address` and `slots` (32 bytes each) at `stateRoot`. */
export async function getAccountProof(
  stateStore: StateStore,
  stateRoot: Uint8Array,
  address: Uint8Array,
  slots: readonly Uint8Array[],
): Promise<AccountProof> {
  const store = requireTrieStore(stateStore);
  await checkStateRoot(store, stateRoot);
  const { proof: accountProof, value } = await proveTrieKey(stateRoot, bytesToHexFast(store.keccak(address)), store);
  const account = value === undefined ? createEmptyAccount() : decodeAccount(value);
  const storageProof: StorageProof[] = [];
  for (const key of slots) {
    const { proof, value: stored } = await proveTrieKey(account.storageRoot, bytesToHexFast(store.keccak(key)), store);
    storageProof.push({ key, value: stored === undefined ? 0n : bytesToBigInt(RLP.decode(stored) as Uint8Array), proof });
  }
  return { account, accountProof, storageProof };
}
