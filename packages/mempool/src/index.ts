// Public API of @eigenchain/mempool.
export type {
  AddResult,
  Batch,
  BlockSelection,
  Mempool,
  NewBlockUpdate,
  PoolStateReader,
  PooledTransaction,
} from "./interface.js";
