// What debug_trace* asks of the executor and what comes back: tracer choice, limits, per-transaction results.
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import type { FlatStateManager } from "../vm/flatState.js";
import type { TxOutcome } from "../vm/txKernel.js";

/** geth's tracers this executor implements ("structLogger" is geth's default, chosen by no `tracer`). */
export type TracerName = "structLogger" | "callTracer" | "prestateTracer";

export interface TraceConfig {
  tracer: TracerName;
  /** Struct logger: leave out stacks / storage; add memory / return data (geth's logger.Config). */
  disableStack?: boolean;
  disableStorage?: boolean;
  enableMemory?: boolean;
  enableReturnData?: boolean;
  /** Struct logger: at most this many entries (0: the executor's own bound). */
  limit?: number;
  /** callTracer: only the top call; with its logs. */
  onlyTopCall?: boolean;
  withLog?: boolean;
  /** Wall-clock limit of the whole trace request, in ms (0: none). */
  timeoutMs: number;
}

/** One traced transaction: geth's `{txHash, result}` or `{txHash, error}`. */
export interface TxTrace {
  txHash: Uint8Array;
  result?: unknown;
  error?: string;
}

/** Why a trace request stopped early. */
export class TraceLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceLimitError";
  }
}

/** One tracer's hooks into a transaction's run, and its JSON result once the transaction ran. */
export interface TxTracer {
  onStep?(step: InterpreterStep): Promise<void> | void;
  onBeforeMessage?(message: Message): void;
  onAfterMessage?(result: EVMResult): void;
  /** Called after the run (`outcome`), with the state as the transaction left it. */
  finish(outcome: TxOutcome, state: FlatStateManager): Promise<unknown> | unknown;
}
