// Public API of @eigenchain/mempool.

export type { MempoolError, MempoolErrorCode, MempoolErrorType } from "./errors.js";
export { createMempoolError, isBadTransaction } from "./errors.js";
export type {
  AddResult,
  Batch,
  BlockSelection,
  Mempool,
  NewBlockUpdate,
  PooledTransaction,
  PoolStateReader,
} from "./interface.js";
export type { TxJournal } from "./journal.js";
export { createFileTxJournal, createMemoryTxJournal } from "./journal.js";
export type { StartResult } from "./maintenance.js";
export type { MempoolMetrics } from "./metrics.js";
export { createMempoolMetrics } from "./metrics.js";
export type { ParallelPoolModules, ParallelPoolOpts, ParallelStats } from "./parallelPool.js";
export { createParallelPool, ParallelPool } from "./parallelPool.js";
export type { AccessSet, AccessSetInput, ExecutionAccessReport } from "./pool/accessSet.js";
export { accessSetsConflict, deriveAccessSet, LearnedAccess } from "./pool/accessSet.js";
export { DEFAULT_BATCH_SIZE, getBatchId, MAX_BATCH_SIZE, MIN_BATCH_SIZE } from "./pool/batchBuilder.js";
export type { TxTag } from "./pool/tags.js";
export { getTxTag, PARALLEL_PREFIX, SEQUENTIAL_PREFIX, tagData } from "./pool/tags.js";
export type { PoolTx } from "./pool/types.js";
export type { SenderRecoverer } from "./sender/interface.js";
export { createEcrecover, isNativeAvailable } from "./sender/kernel.js";
export { MainThreadSenderRecoverer } from "./sender/mainThread.js";
export type { EcrecoverBackend, RecoveryJob, RecoveryResult } from "./sender/types.js";
export { WorkerPoolSenderRecoverer } from "./sender/workerPool.js";
