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
export { ParallelPool, createParallelPool } from "./parallelPool.js";
export type { ParallelPoolModules, ParallelPoolOpts, ParallelStats, StartResult } from "./parallelPool.js";
export { createMempoolError, isBadTransaction } from "./errors.js";
export type { MempoolError, MempoolErrorCode, MempoolErrorType } from "./errors.js";
export { createMempoolMetrics } from "./metrics.js";
export type { MempoolMetrics } from "./metrics.js";
export { createFileTxJournal, createMemoryTxJournal } from "./journal.js";
export type { TxJournal } from "./journal.js";
export { LearnedAccess, accessSetsConflict, deriveAccessSet } from "./pool/accessSet.js";
export type { AccessSet, AccessSetInput, ExecutionAccessReport } from "./pool/accessSet.js";
export { DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, MIN_BATCH_SIZE, getBatchId } from "./pool/batchBuilder.js";
export { PARALLEL_PREFIX, SEQUENTIAL_PREFIX, getTxTag, tagData } from "./pool/tags.js";
export type { TxTag } from "./pool/tags.js";
export type { PoolTx } from "./pool/types.js";
export type { SenderRecoverer } from "./sender/interface.js";
export { createEcrecover, isNativeAvailable } from "./sender/kernel.js";
export { MainThreadSenderRecoverer } from "./sender/mainThread.js";
export { WorkerPoolSenderRecoverer } from "./sender/workerPool.js";
export type { EcrecoverBackend, RecoveryJob, RecoveryResult } from "./sender/types.js";
export {
  analyzeTransaction,
  getBatchForExecution,
  getParallelBatchSize,
  getParallelStats,
  getTxpoolContent,
  getTxpoolContentFrom,
  getTxpoolInspect,
  getTxpoolStatus,
  inspectLine,
  setParallelBatchSize,
  tagTransactionData,
  tagTransactionRequest,
  toRpcTransaction,
} from "./rpc.js";
export type { AccessSetJson, BatchForExecution, RpcPoolTransaction, TransactionAnalysis } from "./rpc.js";
