import type { Common, Genesis } from "@eigenchain/chain";
import type { BlockExecutor, ParallelExecutorOpts, TrieStateStore } from "../../src/index.js";
import { createParallelExecutor, createSequentialExecutor, createStateStore } from "../../src/index.js";
import { common, createMemoryDb } from "./fixtures.js";

/** A memory state store at `genesis` with the sequential reference and a parallel executor over it. */
export interface ExecutorPair {
  store: TrieStateStore;
  root: Uint8Array;
  sequential: BlockExecutor;
  parallel: BlockExecutor;
  close(): Promise<void>;
}

/**
 * Opens an `ExecutorPair` (on the test chain's Common unless given another); the parallel executor
 * defaults to 2 workers forced parallel on any block size.
 */
export async function openExecutorPair(
  genesis: Genesis,
  parallelOpts: ParallelExecutorOpts = { workers: 2, minParallelTxs: 0, forceParallel: true },
  pairCommon: Common = common,
): Promise<ExecutorPair> {
  const store = (await createStateStore({ db: createMemoryDb() }, { common: pairCommon })) as TrieStateStore;
  const root = await store.buildGenesis(genesis);
  const sequential = createSequentialExecutor({}, { stateStore: store, common: pairCommon });
  const parallel = createParallelExecutor(parallelOpts, { stateStore: store, common: pairCommon });
  return {
    store,
    root,
    sequential,
    parallel,
    async close() {
      await sequential.close();
      await parallel.close();
      await store.close();
    },
  };
}
