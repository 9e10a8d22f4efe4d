// Re-executes a committed block's transactions on its parent state with a tracer on the ones asked (debug_trace*).
import type { Common, TypedTransaction } from "@eigenchain/chain";
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import type { BlockEnv, StateStore } from "../interface.js";
import { checkStateRoot, requireTrieStore } from "../runHelpers.js";
import { FlatStateManager } from "../vm/flatState.js";
import { createStoreSource } from "../vm/storeSource.js";
import type { ExecutionVm, TxOutcome } from "../vm/txKernel.js";
import { createExecutionVm, runTransaction } from "../vm/txKernel.js";
import { CallTracer } from "./callTracer.js";
import { PrestateTracer } from "./prestateTracer.js";
import { StructLogger } from "./structLogger.js";
import type { TraceConfig, TxTrace, TxTracer } from "./types.js";
import { TraceLimitError } from "./types.js";

export interface TraceModules {
  stateStore: StateStore;
  common: Common;
}

export interface TraceBlockRequest {
  parentStateRoot: Uint8Array;
  env: BlockEnv;
  transactions: readonly TypedTransaction[];
  /** 20 bytes each, in block order (from the stored receipts). */
  senders: readonly Uint8Array[];
  /** Trace this transaction only (the ones before it run untraced); every one when absent. */
  index?: number;
  config: TraceConfig;
}

/** Steps between two yields to the event loop, so a long trace never holds up blocks or other requests. */
const YIELD_EVERY_STEPS = 2048;

type Block = ReturnType<ExecutionVm["setEnv"]>;

/** geth's text for a trace past its time limit. */
export const TRACE_TIMEOUT_MESSAGE = "execution timeout";

/**
 * The traces of `request.index` (or of every transaction) of a block, each run on the state the
 * transactions before it left, as the block ran. A trace past `config.timeoutMs` or past the
 * struct-log bound throws `TraceLimitError`; nothing is written anywhere.
 */
export async function traceBlock(modules: TraceModules, request: TraceBlockRequest): Promise<TxTrace[]> {
  const store = requireTrieStore(modules.stateStore);
  await checkStateRoot(store, request.parentStateRoot);
  const state = new FlatStateManager(createStoreSource(store, request.parentStateRoot), store.keccak);
  const exec = await createExecutionVm(modules.common, state);
  const block = exec.setEnv(request.env);
  const timeoutMs = request.config.timeoutMs;
  const deadline = timeoutMs > 0 ? performance.now() + timeoutMs : Number.POSITIVE_INFINITY;
  const last = request.index ?? request.transactions.length - 1;
  const traces: TxTrace[] = [];
  let gasUsed = 0n;
  for (let index = 0; index <= last; index++) {
    const tx = request.transactions[index]!;
    const gasLeft = request.env.gasLimit - gasUsed;
    let outcome: TxOutcome;
    if (request.index !== undefined && index !== request.index) {
      outcome = await runTransaction(exec, block, tx, gasLeft);
      if (performance.now() > deadline) throw new TraceLimitError(TRACE_TIMEOUT_MESSAGE);
    } else {
      const traced = await traceOne(exec, block, tx, request.senders[index] ?? new Uint8Array(20), gasLeft, request.config, deadline);
      outcome = traced.outcome;
      traces.push(traced.trace);
    }
    if (outcome.status === "valid") gasUsed += outcome.execution.gasUsed;
  }
  return traces;
}

function createTracer(config: TraceConfig, tx: TypedTransaction, sender: Uint8Array, coinbase: Uint8Array): TxTracer {
  switch (config.tracer) {
    case "callTracer":
      return new CallTracer(config, tx, sender);
    case "prestateTracer":
      return new PrestateTracer([sender, coinbase, ...(tx.to !== undefined ? [tx.to.bytes] : [])]);
    case "structLogger":
      return new StructLogger(config);
  }
}

async function traceOne(
  exec: ExecutionVm,
  block: Block,
  tx: TypedTransaction,
  sender: Uint8Array,
  gasLeft: bigint,
  config: TraceConfig,
  deadline: number,
): Promise<{ outcome: TxOutcome; trace: TxTrace }> {
  const tracer = createTracer(config, tx, sender, block.header.coinbase.bytes);
  const prestate = tracer instanceof PrestateTracer;
  if (prestate) await exec.state.checkpoint();
  let outcome = await runWithTracer(exec, tracer, deadline, () => runTransaction(exec, block, tx, gasLeft));
  const txHash = tx.hash();
  if (outcome.status === "invalid") {
    if (prestate) await exec.state.revert();
    return { outcome, trace: { txHash, error: outcome.reason } };
  }
  if (prestate) {
    // Read what it touched as it was before it ran, then run it again (untraced) to move on.
    await exec.state.revert();
    const result = await tracer.readPrestate(exec.state);
    outcome = await runTransaction(exec, block, tx, gasLeft);
    return { outcome, trace: { txHash, result } };
  }
  return { outcome, trace: { txHash, result: await tracer.finish(outcome, exec.state) } };
}

/**
 * Runs `run` with the tracer's hooks on the VM's events. A limit (time, size) is thrown from a
 * step hook, which ends the transaction at once; it is rethrown here whatever runTx made of it.
 */
async function runWithTracer(exec: ExecutionVm, tracer: TxTracer, deadline: number, run: () => Promise<TxOutcome>): Promise<TxOutcome> {
  const events = exec.vm.evm.events;
  if (events === undefined) throw new Error("the EVM has no event emitter to trace with");
  let failure: unknown;
  let steps = 0;
  const onStep = (step: InterpreterStep, resolve?: (result?: unknown) => void): void => {
    const done = resolve ?? (() => {});
    if (failure === undefined && performance.now() > deadline) failure = new TraceLimitError(TRACE_TIMEOUT_MESSAGE);
    if (failure !== undefined) throw failure;
    let pending: Promise<void> | void | undefined;
    try {
      pending = tracer.onStep?.(step);
    } catch (err) {
      failure = err;
      throw err;
    }
    if (pending !== undefined) {
      pending.then(
        () => done(),
        (err: unknown) => {
          failure = err;
          done();
        },
      );
    } else if (++steps % YIELD_EVERY_STEPS === 0) setImmediate(done);
    else done();
  };
  const onBefore = (message: Message): void => tracer.onBeforeMessage?.(message);
  const onAfter = (result: EVMResult): void => tracer.onAfterMessage?.(result);
  events.on("step", onStep);
  events.on("beforeMessage", onBefore);
  events.on("afterMessage", onAfter);
  try {
    const outcome = await run();
    if (failure !== undefined) throw failure;
    return outcome;
  } finally {
    events.off("step", onStep);
    events.off("beforeMessage", onBefore);
    events.off("afterMessage", onAfter);
  }
}
