// Helpers every executor path shares (sequential, parallel, block verification, eth_call): the modules, state-root checks, the invalid-transaction error.
import type { Common, EigenError } from "@eigenchain/chain";
import type { ExecutorErrorType } from "./errors.js";
import { executorError } from "./errors.js";
import type { BlockEnv, CallRequest, CallResult, StateStore } from "./interface.js";
import type { ExecutorMetrics } from "./metrics.js";
import { bytesToHexFast } from "./state/bytes.js";
import type { TrieStateStore } from "./state/stateStore.js";
import { isTrieStateStore } from "./state/stateStore.js";
import { runCallOnSource } from "./vm/callKernel.js";
import { createStoreSource } from "./vm/storeSource.js";
import type { ExecutionVm } from "./vm/txKernel.js";

export interface ExecutorModules {
  stateStore: StateStore;
  common: Common;
  metrics?: ExecutorMetrics | null;
}

export function requireTrieStore(store: StateStore): TrieStateStore {
  if (!isTrieStateStore(store)) {
    throw executorError({ code: "EXECUTOR_UNSUPPORTED_STATE_STORE" }, "the executor needs a state store from createStateStore()");
  }
  return store;
}

export async function checkStateRoot(store: TrieStateStore, root: Uint8Array): Promise<void> {
  if (!(await store.hasStateRoot(root))) {
    const hex = `0x${bytesToHexFast(root)}`;
    throw executorError({ code: "EXECUTOR_UNKNOWN_STATE_ROOT", stateRoot: hex }, `unknown state root ${hex}`);
  }
}

export function invalidTxError(index: number, reason: string, detail: string): EigenError<ExecutorErrorType> {
  return executorError({ code: "EXECUTOR_INVALID_TRANSACTION", index, reason }, `invalid transaction ${index}: ${reason} (${detail})`);
}

/** eth_call on a throwaway overlay of `stateRoot`. */
export async function runCall(
  exec: ExecutionVm,
  store: TrieStateStore,
  common: Common,
  stateRoot: Uint8Array,
  env: BlockEnv,
  request: CallRequest,
): Promise<CallResult> {
  await checkStateRoot(store, stateRoot);
  return runCallOnSource(exec, createStoreSource(store, stateRoot), common, env, request);
}
