// debug_traceTransaction / debug_traceBlockByNumber / debug_traceBlockByHash: geth's struct logger, callTracer and prestateTracer.
import type { Block } from "@eigenchain/chain";
import type { TraceConfig, TracerName, TxTrace } from "@eigenchain/executor";
import { traceBlock } from "@eigenchain/executor";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { createInvalidParamsError, RPC_ERROR_CODE, RpcError } from "../errors.js";
import { toData } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readBlockSelector, readHash } from "../params.js";
import { DEFAULT_EVM_TIMEOUT_MS, getCallEnv } from "./ethCall.js";

const TRACERS: Record<string, TracerName> = { callTracer: "callTracer", prestateTracer: "prestateTracer" };

/** A Go duration as geth's TraceConfig.timeout takes it ("5s", "500ms", "1m", "1.5s"). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[1]);
  return Math.round(value * (match[2] === "ms" ? 1 : match[2] === "s" ? 1000 : 60_000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readFlag(config: Record<string, unknown>, name: string, index: number): boolean | undefined {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw createInvalidParamsError(`invalid argument ${index}: ${name} must be a boolean`);
  return value;
}

/**
 * geth's TraceConfig, typed once. The time limit is the request's `timeout` (geth's default 5 s),
 * never more than --rpc.evmtimeout when that is set.
 */
export function readTraceConfig(ctx: RpcContext, value: unknown, index: number): TraceConfig {
  const cap = ctx.limits.evmTimeoutMs ?? DEFAULT_EVM_TIMEOUT_MS;
  if (value === undefined || value === null) return { tracer: "structLogger", timeoutMs: cap > 0 ? cap : DEFAULT_EVM_TIMEOUT_MS };
  if (!isRecord(value)) throw createInvalidParamsError(`invalid argument ${index}: expected a trace config object`);
  let tracer: TracerName = "structLogger";
  if (value.tracer !== undefined && value.tracer !== null && value.tracer !== "") {
    const named = typeof value.tracer === "string" ? TRACERS[value.tracer] : undefined;
    if (named === undefined)
      throw new RpcError(
        RPC_ERROR_CODE.INVALID_INPUT,
        `tracer ${JSON.stringify(value.tracer)} not found (supported: callTracer, prestateTracer, or none for the struct logger)`,
      );
    tracer = named;
  }
  let timeoutMs = DEFAULT_EVM_TIMEOUT_MS;
  if (value.timeout !== undefined && value.timeout !== null) {
    const parsed = typeof value.timeout === "string" ? parseDuration(value.timeout) : undefined;
    if (parsed === undefined) throw createInvalidParamsError(`invalid argument ${index}: timeout must be a duration such as "5s"`);
    timeoutMs = parsed;
  }
  if (cap > 0 && (timeoutMs === 0 || timeoutMs > cap)) timeoutMs = cap;
  const tracerConfig = isRecord(value.tracerConfig) ? value.tracerConfig : {};
  if (readFlag(tracerConfig, "diffMode", index) === true) {
    throw new RpcError(RPC_ERROR_CODE.METHOD_NOT_SUPPORTED, "prestateTracer diffMode is not supported");
  }
  const config: TraceConfig = { tracer, timeoutMs };
  for (const name of ["disableStack", "disableStorage", "enableMemory", "enableReturnData"] as const) {
    const flag = readFlag(value, name, index);
    if (flag !== undefined) config[name] = flag;
  }
  for (const name of ["onlyTopCall", "withLog"] as const) {
    const flag = readFlag(tracerConfig, name, index);
    if (flag !== undefined) config[name] = flag;
  }
  if (value.limit !== undefined && value.limit !== null) {
    if (typeof value.limit !== "number" || !Number.isSafeInteger(value.limit) || value.limit < 0) {
      throw createInvalidParamsError(`invalid argument ${index}: limit must be a non-negative integer`);
    }
    config.limit = value.limit;
  }
  return config;
}

/** Re-executes `block` on its parent's state with the tracer on transaction `index` (or on all). */
async function traceInBlock(ctx: RpcContext, block: Block, config: TraceConfig, index?: number): Promise<TxTrace[]> {
  if (block.header.number === 0n) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "genesis is not traceable");
  const parent = await ctx.store.getBlockByNumber(block.header.number - 1n);
  if (parent === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, `parent of block #${block.header.number} not found`);
  const senders = ((await ctx.store.getReceipts(block.header.number)) ?? []).map((r) => r.sender);
  const env = await getCallEnv(ctx, block);
  return runHeavy(ctx, async () => {
    try {
      return await traceBlock(
        { stateStore: ctx.stateStore, common: ctx.common },
        {
          parentStateRoot: parent.header.stateRoot,
          env,
          transactions: block.transactions,
          senders,
          config,
          ...(index !== undefined ? { index } : {}),
        },
      );
    } catch (err) {
      if (err instanceof Error && err.name === "TraceLimitError") throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, err.message);
      throw err;
    }
  });
}

function formatBlockTraces(traces: TxTrace[]): unknown[] {
  return traces.map((t) => ({ txHash: toData(t.txHash), ...(t.error !== undefined ? { error: t.error } : { result: t.result }) }));
}

export function registerDebugTraceMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("debug_traceTransaction", async (params) => {
    expectParams(params, 1, 2);
    const hash = readHash(params[0], 0);
    const config = readTraceConfig(ctx, params[1], 1);
    const location = await ctx.store.getTxLocation(hash);
    const block = location === undefined ? undefined : await ctx.store.getBlockByNumber(location.blockNumber);
    if (location === undefined || block === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "transaction not found");
    const [trace] = await traceInBlock(ctx, block, config, location.index);
    if (trace === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "transaction not found");
    if (trace.error !== undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, trace.error);
    return trace.result;
  });

  rpc.add("debug_traceBlockByNumber", async (params) => {
    expectParams(params, 1, 2);
    const selector = readBlockSelector(params[0], 0, { allowHash: false });
    const config = readTraceConfig(ctx, params[1], 1);
    const block = await resolveBlock(ctx, selector);
    if (block === undefined) {
      const label = selector.kind === "number" ? `#${selector.number}` : selector.kind === "tag" ? selector.tag : "";
      throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, `block ${label} not found`);
    }
    return formatBlockTraces(await traceInBlock(ctx, block, config));
  });

  rpc.add("debug_traceBlockByHash", async (params) => {
    expectParams(params, 1, 2);
    const hash = readHash(params[0], 0);
    const config = readTraceConfig(ctx, params[1], 1);
    const block = await ctx.store.getBlockByHash(hash);
    if (block === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, `block ${toData(hash)} not found`);
    return formatBlockTraces(await traceInBlock(ctx, block, config));
  });
}
