// geth's debug_getRaw* methods: blocks, headers, receipts and transactions in their consensus (RLP) encoding.
import { encodeBlock, encodeReceipt } from "@eigenchain/chain";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData } from "../format.js";
import { expectParams, readBlockSelector, readHash } from "../params.js";

/**
 * `debug_getRawBlock` / `debug_getRawHeader` / `debug_getRawReceipts` take a block number, tag or
 * hash (geth's BlockNumberOrHash) and answer null for an unknown block; `debug_getRawTransaction`
 * looks in the chain, then in the pool, and answers null for an unknown hash (geth: "0x").
 */
export function registerDebugRawMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  const blockAt = async (params: unknown[]) => {
    expectParams(params, 1, 1);
    return resolveBlock(ctx, readBlockSelector(params[0], 0));
  };

  rpc.add("debug_getRawBlock", async (params) => {
    const block = await blockAt(params);
    return block === undefined ? null : toData(encodeBlock(block));
  });

  rpc.add("debug_getRawHeader", async (params) => {
    const block = await blockAt(params);
    return block === undefined ? null : toData(block.header.serialize());
  });

  rpc.add("debug_getRawReceipts", async (params) => {
    const block = await blockAt(params);
    if (block === undefined) return null;
    const receipts = (await ctx.store.getReceipts(block.header.number)) ?? [];
    return receipts.map((stored) => toData(encodeReceipt(stored.receipt)));
  });

  rpc.add("debug_getRawTransaction", async (params) => {
    expectParams(params, 1, 1);
    const hash = readHash(params[0], 0);
    const location = await ctx.store.getTxLocation(hash);
    if (location !== undefined) {
      const tx = (await ctx.store.getBlockByNumber(location.blockNumber))?.transactions[location.index];
      if (tx !== undefined) return toData(tx.serialize());
    }
    const pooled = ctx.mempool.get(hash);
    return pooled === undefined ? null : toData(pooled.tx.serialize());
  });
}
