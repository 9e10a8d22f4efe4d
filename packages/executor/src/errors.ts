// The executor's error codes.
import { EigenError } from "@eigenchain/chain";

/** Every error code the executor throws. */
export type ExecutorErrorType =
  | { code: "EXECUTOR_MISSING_TRIE_NODE"; hash: string }
  | { code: "EXECUTOR_UNKNOWN_STATE_ROOT"; stateRoot: string }
  | { code: "EXECUTOR_INVALID_TRANSACTION"; index: number; reason: string }
  | { code: "EXECUTOR_UNSUPPORTED_STATE_STORE" }
  | { code: "EXECUTOR_WORKER_FAILED"; reason: string }
  | { code: "EXECUTOR_CLOSED" }
  | { code: "EXECUTOR_CALL_TIMEOUT" }
  | { code: "EXECUTOR_CONFIG_INVALID"; reason: string };

export type ExecutorError = EigenError<ExecutorErrorType>;

export function executorError(type: ExecutorErrorType, message: string, cause?: unknown): ExecutorError {
  return new EigenError<ExecutorErrorType>(type, message, cause === undefined ? undefined : { cause });
}
