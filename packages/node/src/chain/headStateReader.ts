// The mempool's account reads: of one fixed state, or of whatever the head is now, each cached.

import { toHex } from "@eigenchain/chain";
import type { StateStore, StateView } from "@eigenchain/executor";
import type { PoolStateReader } from "@eigenchain/mempool";
import { equalsBytes } from "@ethereumjs/util";
import type { BlockStore } from "../store/blockStore.js";

/** Accounts one reader remembers before it starts over (a state never changes, so any entry stays right). */
const MAX_CACHED_ACCOUNTS = 65_536;

/**
 * Nonce and balance reads of one fixed state, as the mempool wants them. Each account is read once:
 * the pool asks for nonce and balance together, for every sender after every block, and a state
 * never changes, so the second field and later readers of the same account cost no trie walk.
 */
export function createPoolStateReader(view: StateView): PoolStateReader {
  const accounts = new Map<string, ReturnType<StateView["getAccount"]>>();
  const read = (address: Uint8Array): ReturnType<StateView["getAccount"]> => {
    const key = toHex(address);
    let account = accounts.get(key);
    if (account === undefined) {
      if (accounts.size >= MAX_CACHED_ACCOUNTS) accounts.clear();
      account = view.getAccount(address);
      accounts.set(key, account);
      account.catch(() => accounts.delete(key)); // a failed read is tried again next time
    }
    return account;
  };
  return {
    getNonce: async (address) => (await read(address))?.nonce ?? 0n,
    getBalance: async (address) => (await read(address))?.balance ?? 0n,
  };
}

/** Reads that always follow the current head (the mempool's view of "latest"), cached per head state. */
export function createHeadStateReader(store: BlockStore, stateStore: StateStore): PoolStateReader {
  let root: Uint8Array | undefined;
  let reader: PoolStateReader | undefined;
  const headReader = (): PoolStateReader => {
    const headRoot = store.getHead().header.stateRoot;
    if (reader === undefined || root === undefined || !equalsBytes(root, headRoot)) {
      root = headRoot;
      reader = createPoolStateReader(stateStore.view(headRoot));
    }
    return reader;
  };
  return {
    getNonce: (address) => headReader().getNonce(address),
    getBalance: (address) => headReader().getBalance(address),
  };
}
