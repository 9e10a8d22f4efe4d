// Public API of @eigenchain/executor.
export type {
  BlockEnv,
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
} from "./interface.js";
