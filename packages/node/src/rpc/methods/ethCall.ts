// eth_call and eth_estimateGas: a call against a block's state on the call workers, bounded by the gas cap and --rpc.evmtimeout.
import type { Block } from "@eigenchain/chain";
import type { BlockEnv, CallRequest, CallResult } from "@eigenchain/executor";
import { getBlockEnv } from "../../chain/nextBlockEnv.js";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { toData, toQuantity } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readCallRequest, readOptionalBlockSelector } from "../params.js";
import { createRevertError } from "../revert.js";

/** geth stops estimating once the bounds are within 1.5% of each other. */
const ESTIMATE_TOLERANCE_PER_MILLE = 15n;
const TX_GAS = 21_000n;

function throwCallFailure(result: CallResult): never {
  if (result.reverted) throw createRevertError(result.returnData);
  throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, result.error ?? "execution failed");
}

/** The environment `block` ran in, with BLOCKHASH's window of its 256 predecessors. */
export async function getCallEnv(ctx: RpcContext, block: Block): Promise<BlockEnv> {
  const env = getBlockEnv(block);
  if (block.header.number === 0n) return env;
  const parent = await ctx.store.getBlockByNumber(block.header.number - 1n);
  return parent === undefined ? env : { ...env, recentBlockHashes: await ctx.blockHashes.forChildOf(parent) };
}

/** geth's --rpc.evmtimeout default. */
export const DEFAULT_EVM_TIMEOUT_MS = 5000;

/**
 * One execution on the call runner (worker threads in a node) under --rpc.evmtimeout. The runner
 * times the execution itself, not the wait for a worker, so a node still starting its call worker
 * or a busy machine does not turn a simple call into a timeout. Each run of an eth_estimateGas has
 * the limit (geth puts none on eth_estimateGas; the gas cap bounds each run).
 */
export async function runCall(ctx: RpcContext, block: Block, env: BlockEnv, request: CallRequest): Promise<CallResult> {
  if (ctx.calls === undefined) return ctx.executor.call(block.header.stateRoot, env, request);
  return ctx.calls.call(block.header.stateRoot, env, request, { timeoutMs: ctx.limits.evmTimeoutMs ?? DEFAULT_EVM_TIMEOUT_MS });
}

/** EIP-7825 (Osaka): no transaction may have a gas limit above 2^24. */
export const MAX_TX_GAS_EIP7825 = 1n << 24n;

/**
 * The gas a call gets: what it asks for, at most the gas cap and the block gas limit, and (where
 * EIP-7825 is active) at most the per-transaction cap, as geth's call defaults.
 */
export function gasAllowance(ctx: RpcContext, block: Block, request: CallRequest): bigint {
  let cap = ctx.limits.gasCap < block.header.gasLimit ? ctx.limits.gasCap : block.header.gasLimit;
  if (ctx.common.isActivatedEIP(7825) && cap > MAX_TX_GAS_EIP7825) cap = MAX_TX_GAS_EIP7825;
  return request.gas !== undefined && request.gas < cap ? request.gas : cap;
}

/**
 * The smallest gas limit that lets the call succeed: one run at the allowance, then geth's
 * optimistic guess (used gas × 64/63, for the 63/64 rule and refunds), then binary search.
 */
export async function estimateGas(ctx: RpcContext, block: Block, request: CallRequest): Promise<bigint> {
  let hi = gasAllowance(ctx, block, request);
  const env = await getCallEnv(ctx, block);
  const succeeds = async (gas: bigint): Promise<CallResult> => runCall(ctx, block, env, { ...request, gas });
  const first = await succeeds(hi);
  if (first.reverted || first.error !== undefined) {
    if (first.reverted) throwCallFailure(first);
    if (/out of gas|gas uint64 overflow/i.test(first.error ?? "")) {
      throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, `gas required exceeds allowance (${hi})`);
    }
    throwCallFailure(first);
  }
  // Most calls (transfers, calls without refunds or deep CALL chains) need exactly what they used.
  const used = first.gasUsed > TX_GAS ? first.gasUsed : TX_GAS;
  if (used < hi) {
    const exact = await succeeds(used);
    if (!exact.reverted && exact.error === undefined) return used;
  }
  let lo = used;
  const optimistic = (first.gasUsed * 64n) / 63n + 2300n;
  if (optimistic < hi) {
    const result = await succeeds(optimistic);
    if (!result.reverted && result.error === undefined) hi = optimistic;
    else lo = optimistic;
  }
  while (lo + 1n < hi) {
    if (((hi - lo) * 1000n) / hi < ESTIMATE_TOLERANCE_PER_MILLE) break;
    const mid = (lo + hi) / 2n;
    const result = await succeeds(mid);
    if (!result.reverted && result.error === undefined) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function registerEthCallMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_call", async (params) => {
    expectParams(params, 1, 3);
    const request = readCallRequest(params[0], 0);
    if (params[2] !== undefined && params[2] !== null) {
      throw new RpcError(RPC_ERROR_CODE.METHOD_NOT_SUPPORTED, "state overrides are not supported");
    }
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[1], 1));
    return runHeavy(ctx, async () => {
      const env = await getCallEnv(ctx, block);
      const result = await runCall(ctx, block, env, { ...request, gas: gasAllowance(ctx, block, request) });
      if (result.reverted || result.error !== undefined) throwCallFailure(result);
      return toData(result.returnData);
    });
  });

  rpc.add("eth_estimateGas", async (params) => {
    expectParams(params, 1, 3);
    const request = readCallRequest(params[0], 0);
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[1], 1));
    return toQuantity(await runHeavy(ctx, () => estimateGas(ctx, block, request)));
  });
}
