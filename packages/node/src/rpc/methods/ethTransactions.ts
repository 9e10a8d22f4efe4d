// Transactions: sending a signed one to the pool, and reading transactions and receipts by hash or block position.
import type { Block } from "@eigenchain/chain";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { formatReceipt, formatTransaction, toData } from "../format.js";
import { expectParams, readBlockSelector, readData, readHash, readUint64 } from "../params.js";
import { getBlockSenders } from "./ethBlocks.js";

async function formatMinedTransaction(ctx: RpcContext, block: Block, index: number) {
  const tx = block.transactions[index];
  if (tx === undefined) return null;
  const sender = (await getBlockSenders(ctx, block))?.[index] ?? tx.getSenderAddress().bytes;
  return formatTransaction(tx, sender, {
    blockHash: block.hash(),
    blockNumber: block.header.number,
    index,
    baseFeePerGas: block.header.baseFeePerGas ?? 0n,
    blockTimestamp: block.header.timestamp,
  });
}

export function registerEthTransactionMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_sendRawTransaction", async (params) => {
    expectParams(params, 1, 1);
    const raw = readData(params[0], 0);
    const added = await ctx.mempool.addLocal(raw);
    ctx.events.emit("pendingTransaction", added.hash);
    return toData(added.hash);
  });

  rpc.add("eth_getTransactionByHash", async (params) => {
    expectParams(params, 1, 1);
    const hash = readHash(params[0], 0);
    const location = await ctx.store.getTxLocation(hash);
    if (location !== undefined) {
      const block = await ctx.store.getBlockByNumber(location.blockNumber);
      return block === undefined ? null : formatMinedTransaction(ctx, block, location.index);
    }
    const pooled = ctx.mempool.get(hash);
    return pooled === undefined ? null : formatTransaction(pooled.tx, pooled.sender, undefined);
  });

  rpc.add("eth_getTransactionReceipt", async (params) => {
    expectParams(params, 1, 1);
    const location = await ctx.store.getTxLocation(readHash(params[0], 0));
    if (location === undefined) return null;
    const block = await ctx.store.getBlockByNumber(location.blockNumber);
    const receipts = await ctx.store.getReceipts(location.blockNumber);
    if (block === undefined || receipts === undefined) return null;
    return formatReceipt(block, receipts, location.index);
  });

  // Both parameters are read before the lookup: a malformed index is -32602 whether or not the block exists.
  rpc.add("eth_getTransactionByBlockNumberAndIndex", async (params) => {
    expectParams(params, 2, 2);
    const selector = readBlockSelector(params[0], 0, { allowHash: false });
    const index = Number(readUint64(params[1], 1));
    const block = await resolveBlock(ctx, selector);
    return block === undefined ? null : formatMinedTransaction(ctx, block, index);
  });

  rpc.add("eth_getTransactionByBlockHashAndIndex", async (params) => {
    expectParams(params, 2, 2);
    const hash = readHash(params[0], 0);
    const index = Number(readUint64(params[1], 1));
    const block = await ctx.store.getBlockByHash(hash);
    return block === undefined ? null : formatMinedTransaction(ctx, block, index);
  });
}
