// Public API of @eigenchain/executor.
export type {
  BlockEnv,
  ExecutionPhases,
  BlockExecutionResult,
  BlockExecutor,
  CallRequest,
  CallResult,
  ExecutedTransaction,
  ExecutionStats,
  SkippedTransaction,
  StateStore,
  StateView,
  StateWrite,
  TransactionAccess,
} from "./interface.js";
export { createStateStore } from "./state/stateStore.js";
export type { StateDatabase, StateStoreModules, StateStoreOpts, TrieStateStore } from "./state/stateStore.js";
export type { ExecutorError, ExecutorErrorType } from "./errors.js";
export { createSequentialExecutor } from "./sequential.js";
export type { SequentialExecutorOpts } from "./sequential.js";
export type { ExecutorModules } from "./runHelpers.js";
export { DEFAULT_CALL_GAS_CAP } from "./vm/callKernel.js";
export { createExecutorMetrics } from "./metrics.js";
export type { ExecutorMetrics } from "./metrics.js";
export type { RecoveryBackend } from "./crypto/recover.js";
export { createParallelExecutor, defaultWorkerCount } from "./parallel/mainThread.js";
export { createCallRunner, DEFAULT_CALL_TIMEOUT_MS, formatCallTimeout } from "./call/callRunner.js";
export type { CallRunner, CallRunnerModules, CallRunnerOpts } from "./call/callRunner.js";
export type { ParallelExecutorOpts } from "./parallel/interface.js";
export { verifyBlock } from "./verify.js";
export { BLOCKHASH_WINDOW } from "./vm/txKernel.js";
export type { BlockMismatch, ExpectedHeader, FirstDifference, VerifiedField, VerifyBlockModules, VerifyBlockOpts, VerifyBlockResult } from "./verify.js";
