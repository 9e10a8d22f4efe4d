// Public API of @eigenchain/executor.

export type { CallRunner, CallRunnerModules, CallRunnerOpts } from "./call/callRunner.js";
export { createCallRunner, DEFAULT_CALL_TIMEOUT_MS, formatCallTimeout } from "./call/callRunner.js";
export type {
  AccountOverride,
  SimulateBlockInput,
  SimulatedBlock,
  SimulatedCall,
  SimulateFailure,
  SimulateInput,
  SimulateOutput,
} from "./call/simulateKernel.js";
export type { RecoveryBackend } from "./crypto/recover.js";
export type { ExecutorError, ExecutorErrorType } from "./errors.js";
export type {
  BlockEnv,
  BlockExecutionResult,
  BlockExecutor,
  CallRequest,
  CallResult,
  ExecutedTransaction,
  ExecutionPhases,
  ExecutionStats,
  SkippedTransaction,
  StateStore,
  StateView,
  StateWrite,
  TransactionAccess,
} from "./interface.js";
export type { ExecutorMetrics } from "./metrics.js";
export { createExecutorMetrics } from "./metrics.js";
export type { ParallelExecutorOpts } from "./parallel/interface.js";
export { createParallelExecutor, defaultWorkerCount } from "./parallel/mainThread.js";
export type { ReferenceBlockModules, ReferenceBlockResult } from "./referenceBlock.js";
export { executeBlockByReference } from "./referenceBlock.js";
export type { ExecutorModules } from "./runHelpers.js";
export type { SequentialExecutorOpts } from "./sequential.js";
export { createSequentialExecutor } from "./sequential.js";
export { computeReceiptsRoot, computeTransactionsRoot } from "./state/headerRoots.js";
export type { AccountProof, StorageProof } from "./state/proof.js";
export { getAccountProof } from "./state/proof.js";
export { computeSpeculativeStateRoot } from "./state/speculativeRoot.js";
export type { StateDatabase, StateStoreModules, StateStoreOpts, TrieStateStore } from "./state/stateStore.js";
export { createStateStore } from "./state/stateStore.js";
export type { TraceBlockRequest, TraceModules } from "./trace/traceRunner.js";
export { TRACE_TIMEOUT_MESSAGE, traceBlock } from "./trace/traceRunner.js";
export type { TraceConfig, TracerName, TxTrace } from "./trace/types.js";
export { TraceLimitError } from "./trace/types.js";
export type {
  BlockMismatch,
  ExpectedHeader,
  FirstDifference,
  VerifiedField,
  VerifyBlockModules,
  VerifyBlockOpts,
  VerifyBlockResult,
} from "./verify.js";
export { verifyBlock } from "./verify.js";
export { DEFAULT_CALL_GAS_CAP } from "./vm/callKernel.js";
export { BLOCKHASH_WINDOW } from "./vm/txKernel.js";
