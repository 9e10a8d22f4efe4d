// Blocks by number or hash: headers with or without their transactions, counts, uncles (none) and a block's receipts.
import type { Block } from "@eigenchain/chain";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { formatBlock, formatReceipt, toQuantity } from "../format.js";
import { expectParams, readBlockSelector, readBool, readHash } from "../params.js";

/** Senders come from the stored receipts, so serving full transactions never recovers a signature. */
export async function getBlockSenders(ctx: RpcContext, block: Block): Promise<Uint8Array[] | undefined> {
  const receipts = await ctx.store.getReceipts(block.header.number);
  return receipts?.map((r) => r.sender);
}

export function registerEthBlockMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  const format = async (block: Block | undefined, full: boolean) => {
    if (block === undefined) return null;
    return formatBlock(block, full, full ? await getBlockSenders(ctx, block) : undefined);
  };

  rpc.add("eth_getBlockByNumber", async (params) => {
    expectParams(params, 1, 2);
    const selector = readBlockSelector(params[0], 0, { allowHash: false });
    const full = params[1] === undefined ? false : readBool(params[1], 1);
    return format(await resolveBlock(ctx, selector), full);
  });

  rpc.add("eth_getBlockByHash", async (params) => {
    expectParams(params, 1, 2);
    const hash = readHash(params[0], 0);
    const full = params[1] === undefined ? false : readBool(params[1], 1);
    return format(await ctx.store.getBlockByHash(hash), full);
  });

  rpc.add("eth_getBlockTransactionCountByNumber", async (params) => {
    expectParams(params, 1, 1);
    const block = await resolveBlock(ctx, readBlockSelector(params[0], 0, { allowHash: false }));
    return block === undefined ? null : toQuantity(block.transactions.length);
  });

  rpc.add("eth_getBlockTransactionCountByHash", async (params) => {
    expectParams(params, 1, 1);
    const block = await ctx.store.getBlockByHash(readHash(params[0], 0));
    return block === undefined ? null : toQuantity(block.transactions.length);
  });

  rpc.add("eth_getUncleCountByBlockNumber", (params) => {
    expectParams(params, 1, 1);
    return "0x0";
  });

  rpc.add("eth_getUncleCountByBlockHash", (params) => {
    expectParams(params, 1, 1);
    return "0x0";
  });

  rpc.add("eth_getBlockReceipts", async (params) => {
    expectParams(params, 1, 1);
    const block = await resolveBlock(ctx, readBlockSelector(params[0], 0));
    if (block === undefined) return null;
    const receipts = (await ctx.store.getReceipts(block.header.number)) ?? [];
    return receipts.map((_receipt, index) => formatReceipt(block, receipts, index));
  });
}
