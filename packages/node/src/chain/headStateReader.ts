// The mempool's nonce and balance reads: of one fixed state, or always of the current head.
import type { StateStore, StateView } from "@eigenchain/executor";
import type { PoolStateReader } from "@eigenchain/mempool";
import type { BlockStore } from "../store/blockStore.js";

/** Nonce and balance reads of one fixed state, as the mempool wants them. */
export function createPoolStateReader(view: StateView): PoolStateReader {
  return {
    getNonce: async (address) => (await view.getAccount(address))?.nonce ?? 0n,
    getBalance: async (address) => (await view.getAccount(address))?.balance ?? 0n,
  };
}

/** Reads that always follow the current head (the mempool's view of "latest"). */
export function createHeadStateReader(store: BlockStore, stateStore: StateStore): PoolStateReader {
  const headReader = (): PoolStateReader => createPoolStateReader(stateStore.view(store.getHead().header.stateRoot));
  return {
    getNonce: (address) => headReader().getNonce(address),
    getBalance: (address) => headReader().getBalance(address),
  };
}
