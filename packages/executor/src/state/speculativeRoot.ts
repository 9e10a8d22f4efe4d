// The state root a set of changes would give, without keeping any trie node (eth_simulateV1's blocks).
import type { StateStore } from "../interface.js";
import { requireTrieStore } from "../runHelpers.js";
import { computeAccountLeaves, listAccountChanges } from "./accountLeaf.js";
import type { StateChanges } from "./stateChanges.js";
import { trieCommit, trieUpdate } from "./trie.js";

/**
 * The root `changes` would give on top of `parentRoot`, hashed in memory and then forgotten:
 * unlike `applyChanges`, nothing is registered as pending, so a simulated block can never be
 * written or pile up in memory.
 */
export async function computeSpeculativeStateRoot(
  stateStore: StateStore,
  parentRoot: Uint8Array,
  changes: StateChanges,
): Promise<Uint8Array> {
  const store = requireTrieStore(stateStore);
  const discard = (): void => {};
  const { keys, values } = await computeAccountLeaves(listAccountChanges(changes, store.keccak), parentRoot, store, store.keccak, discard);
  const root = await trieUpdate(parentRoot, keys, values, store);
  return trieCommit(root, store.keccak, discard);
}
