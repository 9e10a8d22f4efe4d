// Fee suggestions as geth gives them: gas price, base fees, priority fee and the fee history.
import type { Block } from "@eigenchain/chain";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { createInvalidParamsError } from "../errors.js";
import { toQuantity } from "../format.js";
import { expectParams, readBlockSelector, readCount } from "../params.js";

/** Tip suggested to wallets: 1 gwei, what geth's oracle falls back to on a quiet chain. */
export const SUGGESTED_PRIORITY_FEE = 1_000_000_000n;
/** geth's cap on eth_feeHistory's block count. */
const MAX_FEE_HISTORY_BLOCKS = 1024n;

function effectiveTip(block: Block, index: number): bigint {
  const tx = block.transactions[index]!;
  const baseFee = block.header.baseFeePerGas ?? 0n;
  if ("maxFeePerGas" in tx && "maxPriorityFeePerGas" in tx) {
    const room = tx.maxFeePerGas - baseFee;
    return room < tx.maxPriorityFeePerGas ? room : tx.maxPriorityFeePerGas;
  }
  return (tx as { gasPrice: bigint }).gasPrice - baseFee;
}

/** Per percentile, the tip of the transaction where cumulative gas crosses it (geth's algorithm). */
async function getRewards(ctx: RpcContext, block: Block, percentiles: number[]): Promise<string[]> {
  if (block.transactions.length === 0) return percentiles.map(() => "0x0");
  const receipts = (await ctx.store.getReceipts(block.header.number)) ?? [];
  const sorted = block.transactions
    .map((_, index) => ({ tip: effectiveTip(block, index), gasUsed: receipts[index]?.gasUsed ?? 0n }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const gasUsed = block.header.gasUsed;
  return percentiles.map((p) => {
    const threshold = (gasUsed * BigInt(Math.round(p * 100))) / 10_000n;
    let cumulative = 0n;
    for (const entry of sorted) {
      cumulative += entry.gasUsed;
      if (cumulative >= threshold) return toQuantity(entry.tip);
    }
    return toQuantity(sorted[sorted.length - 1]!.tip);
  });
}

function readPercentiles(value: unknown): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((p) => typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 100)) {
    throw createInvalidParamsError("invalid argument 2: reward percentiles must be numbers in [0, 100]");
  }
  for (let i = 1; i < value.length; i++) {
    if ((value[i] as number) < (value[i - 1] as number))
      throw createInvalidParamsError(`invalid reward percentile: #${i - 1}:${value[i - 1]} > #${i}:${value[i]}`);
  }
  return value as number[];
}

export function registerEthFeeMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_gasPrice", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(ctx.store.getHead().header.calcNextBaseFee() + SUGGESTED_PRIORITY_FEE);
  });

  // The base fee the next block will charge (what eth_gasPrice adds the suggested tip to).
  rpc.add("eth_baseFee", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(ctx.store.getHead().header.calcNextBaseFee());
  });

  // As geth: the blob base fee of the head block's excess blob gas, 0 before Cancun.
  rpc.add("eth_blobBaseFee", (params) => {
    expectParams(params, 0, 0);
    const header = ctx.store.getHead().header;
    return toQuantity(header.excessBlobGas === undefined ? 0n : header.getBlobGasPrice());
  });

  rpc.add("eth_maxPriorityFeePerGas", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(SUGGESTED_PRIORITY_FEE);
  });

  rpc.add("eth_feeHistory", async (params) => {
    expectParams(params, 2, 3);
    const count = readCount(params[0], 0);
    const percentiles = readPercentiles(params[2]);
    const newest = await resolveBlockOrThrow(ctx, readBlockSelector(params[1], 1, { allowHash: false }));
    const blockCount = count > MAX_FEE_HISTORY_BLOCKS ? MAX_FEE_HISTORY_BLOCKS : count;
    const oldestNumber = newest.header.number + 1n > blockCount ? newest.header.number + 1n - blockCount : 0n;
    if (blockCount === 0n) return { oldestBlock: toQuantity(newest.header.number + 1n), baseFeePerGas: [], gasUsedRatio: [] };
    const baseFeePerGas: string[] = [];
    const gasUsedRatio: number[] = [];
    const reward: string[][] = [];
    for (let number = oldestNumber; number <= newest.header.number; number++) {
      const block = await ctx.store.getBlockByNumber(number);
      if (block === undefined) break;
      baseFeePerGas.push(toQuantity(block.header.baseFeePerGas ?? 0n));
      gasUsedRatio.push(Number(block.header.gasUsed) / Number(block.header.gasLimit));
      if (percentiles.length > 0) reward.push(await getRewards(ctx, block, percentiles));
    }
    baseFeePerGas.push(toQuantity(newest.header.calcNextBaseFee()));
    return {
      oldestBlock: toQuantity(oldestNumber),
      baseFeePerGas,
      gasUsedRatio,
      baseFeePerBlobGas: baseFeePerGas.map(() => "0x0"),
      blobGasUsedRatio: gasUsedRatio.map(() => 0),
      ...(percentiles.length > 0 ? { reward } : {}),
    };
  });
}
