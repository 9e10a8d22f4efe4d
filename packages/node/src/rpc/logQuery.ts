import type { Block, Log } from "@eigenchain/chain";
import { bloomContains } from "@eigenchain/chain";
import { equalsBytes } from "@ethereumjs/util";
import { resolveBlockNumber } from "./blockResolver.js";
import type { RpcContext } from "./context.js";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";
import type { PlacedLog } from "./format.js";
import { placeBlockLogs } from "./format.js";
import type { FilterCriteria } from "./params.js";

export function matchesLog(criteria: FilterCriteria, log: Log): boolean {
  if (criteria.addresses.length > 0 && !criteria.addresses.some((address) => equalsBytes(address, log.address)))
    return false;
  if (criteria.topics.length > log.topics.length) return false;
  return criteria.topics.every(
    (wanted, i) => wanted === null || wanted.some((topic) => equalsBytes(topic, log.topics[i]!)),
  );
}

/** The bloom says whether a block can hold a matching log; false means it certainly does not. */
export function mayContainMatch(criteria: FilterCriteria, bloom: Uint8Array): boolean {
  if (criteria.addresses.length > 0 && !criteria.addresses.some((address) => bloomContains(bloom, address)))
    return false;
  return criteria.topics.every((wanted) => wanted === null || wanted.some((topic) => bloomContains(bloom, topic)));
}

export async function getBlockMatchingLogs(
  ctx: RpcContext,
  block: Block,
  criteria: FilterCriteria,
): Promise<PlacedLog[]> {
  if (!mayContainMatch(criteria, block.header.logsBloom)) return [];
  const receipts = await ctx.store.getReceipts(block.header.number);
  if (receipts === undefined) return [];
  return placeBlockLogs(block, receipts).filter((placed) => matchesLog(criteria, placed.log));
}

/** eth_getLogs: one block by hash, or a bounded range of blocks. */
export async function queryLogs(ctx: RpcContext, criteria: FilterCriteria): Promise<PlacedLog[]> {
  if (criteria.blockHash !== undefined) {
    const block = await ctx.store.getBlockByHash(criteria.blockHash);
    if (block === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "unknown block");
    return getBlockMatchingLogs(ctx, block, criteria);
  }
  const head = ctx.store.getHead().header.number;
  const from = resolveBlockNumber(ctx, criteria.fromBlock);
  let to = resolveBlockNumber(ctx, criteria.toBlock);
  if (from > to && criteria.toBlock !== undefined)
    throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid block range params");
  if (to > head) to = head;
  if (to - from + 1n > ctx.limits.maxLogBlockRange) {
    throw new RpcError(
      RPC_ERROR_CODE.LIMIT_EXCEEDED,
      `block range too large: at most ${ctx.limits.maxLogBlockRange} blocks per query`,
    );
  }
  const found: PlacedLog[] = [];
  for (let number = from; number <= to; number++) {
    const block = await ctx.store.getBlockByNumber(number);
    if (block === undefined) continue;
    found.push(...(await getBlockMatchingLogs(ctx, block, criteria)));
    if (found.length > ctx.limits.maxLogResults) {
      throw new RpcError(RPC_ERROR_CODE.LIMIT_EXCEEDED, `query returned more than ${ctx.limits.maxLogResults} results`);
    }
  }
  return found;
}
