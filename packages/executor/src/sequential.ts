// The sequential reference executor: ethereumjs VM semantics, one transaction after another; the truth the parallel executor must equal.
import type { TypedTransaction } from "@eigenchain/chain";
import type { RecoveryBackend } from "./crypto/recover.js";
import { recoverSenderCached } from "./crypto/recover.js";
import { executorError } from "./errors.js";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, ExecutionStats, SkippedTransaction } from "./interface.js";
import { observeBlock } from "./metrics.js";
import type { ExecutorModules } from "./runHelpers.js";
import { checkStateRoot, invalidTxError, requireTrieStore, runCall } from "./runHelpers.js";
import type { TrieStateStore } from "./state/stateStore.js";
import type { IncludedTx, ReceiptsSummary } from "./vm/assemble.js";
import { assembleBlock } from "./vm/assemble.js";
import { FlatStateManager } from "./vm/flatState.js";
import { createMutex } from "./vm/mutex.js";
import { createStoreSource } from "./vm/storeSource.js";
import type { ExecutionVm } from "./vm/txKernel.js";
import { createExecutionVm, runTransaction } from "./vm/txKernel.js";

export interface SequentialExecutorOpts {
  /** Sender recovery: native secp256k1 (default) or pure JS (noble). */
  recovery?: RecoveryBackend;
}

/**
 * Runs a block's transactions one by one on a flat overlay of `parentStateRoot`, then hashes the
 * overlay into the new state root. `mode: "build"` skips invalid candidates; `"execute"` throws.
 */
export async function executeSequentially(
  exec: ExecutionVm,
  store: TrieStateStore,
  parentStateRoot: Uint8Array,
  env: BlockEnv,
  txs: readonly TypedTransaction[],
  mode: "build" | "execute",
  recovery: RecoveryBackend,
  senders?: readonly (Uint8Array | null)[],
  /** Starts the receipts' blooms and root elsewhere (a worker) while the state is hashed here. */
  startReceipts?: (included: readonly IncludedTx[]) => Promise<ReceiptsSummary | undefined>,
): Promise<BlockExecutionResult> {
  await checkStateRoot(store, parentStateRoot);
  const started = performance.now();
  exec.state.reset(createStoreSource(store, parentStateRoot));
  const block = exec.setEnv(env);
  const included: IncludedTx[] = [];
  const skipped: SkippedTransaction[] = [];
  // One entry per executed transaction (worker -1: this thread), for the dashboard's timeline.
  const timeline: NonNullable<ExecutionStats["timeline"]> = [];
  let sequentialEstimateMs = 0;
  let gasUsed = 0n;
  for (const [index, tx] of txs.entries()) {
    const sender = senders?.[index] ?? recoverSenderCached(tx, recovery);
    if (sender === null) {
      if (mode === "execute") throw invalidTxError(index, "invalid transaction v, r, s values", "signature recovers to no sender");
      skipped.push({ tx, reason: "invalid transaction v, r, s values" });
      continue;
    }
    const txStart = performance.now();
    const outcome = await runTransaction(exec, block, tx, env.gasLimit - gasUsed);
    const txEnd = performance.now();
    timeline.push({ worker: -1, index, incarnation: 0, startMs: performance.timeOrigin + txStart, endMs: performance.timeOrigin + txEnd });
    sequentialEstimateMs += txEnd - txStart;
    if (outcome.status === "invalid") {
      if (mode === "execute") throw invalidTxError(index, outcome.reason, outcome.detail);
      skipped.push({ tx, reason: outcome.reason });
      continue;
    }
    gasUsed += outcome.execution.gasUsed;
    included.push({ tx, sender, execution: outcome.execution });
  }
  const executionMs = performance.now() - started;
  const summary = startReceipts?.(included);
  const rootStart = performance.now();
  const stateRoot = await store.applyChanges(parentStateRoot, exec.state.toChanges());
  const rootMs = performance.now() - rootStart;
  exec.state.reset(createStoreSource(store, stateRoot));
  const receiptsStart = performance.now();
  const assembled = await assembleBlock(included, await summary);
  const receiptsMs = performance.now() - receiptsStart;
  return {
    stateRoot,
    receiptsRoot: assembled.receiptsRoot,
    logsBloom: assembled.logsBloom,
    gasUsed: assembled.gasUsed,
    transactions: assembled.transactions,
    skipped,
    stats: {
      mode: "sequential",
      workers: 0,
      executionMs,
      rootMs,
      conflicts: 0,
      reexecutions: 0,
      phases: { recoveryMs: 0, scheduleMs: 0, executeMs: executionMs, validateMs: 0, reexecuteMs: 0, rootMs, receiptsMs },
      timeline,
      sequentialEstimateMs,
    },
  };
}

/** The reference executor: ethereumjs VM semantics, one transaction after another. */
export function createSequentialExecutor(opts: SequentialExecutorOpts, modules: ExecutorModules): BlockExecutor {
  const store = requireTrieStore(modules.stateStore);
  const recovery = opts.recovery ?? "native";
  const lock = createMutex();
  const callLock = createMutex();
  let blockVm: Promise<ExecutionVm> | null = null;
  let callVm: Promise<ExecutionVm> | null = null;
  let closed = false;
  const getVm = (): Promise<ExecutionVm> => {
    blockVm ??= createExecutionVm(modules.common, new FlatStateManager(createStoreSource(store, new Uint8Array(32)), store.keccak));
    return blockVm;
  };
  const getCallVm = (): Promise<ExecutionVm> => {
    callVm ??= createExecutionVm(modules.common, new FlatStateManager(createStoreSource(store, new Uint8Array(32)), store.keccak));
    return callVm;
  };
  const ensureOpen = (): void => {
    if (closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
  };
  const run = (parent: Uint8Array, env: BlockEnv, txs: readonly TypedTransaction[], mode: "build" | "execute") =>
    lock(async () => {
      ensureOpen();
      const result = await executeSequentially(await getVm(), store, parent, env, txs, mode, recovery);
      observeBlock(modules.metrics, result.stats, result.transactions.length);
      return result;
    });
  return {
    buildBlock: (parent, env, candidates) => run(parent, env, candidates, "build"),
    executeBlock: (parent, env, txs) => run(parent, env, txs, "execute"),
    call: (stateRoot, env, request) =>
      callLock(async () => {
        ensureOpen();
        return runCall(await getCallVm(), store, modules.common, stateRoot, env, request);
      }),
    async close() {
      closed = true;
    },
  };
}
