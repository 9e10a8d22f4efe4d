// Polling filters (eth_newFilter and friends): log, block and pending-transaction filters kept by the FilterManager.
import { resolveBlockNumber } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { formatLog, toData } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { queryLogs } from "../logQuery.js";
import type { BlockSelector } from "../params.js";
import { expectParams, readFilterCriteria } from "../params.js";

function filterNotFound(): RpcError {
  return new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "filter not found");
}

function readFilterId(value: unknown): string {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid argument 0: expected a filter id");
  }
  return value;
}

/** A numeric bound stays fixed; a tag (latest, pending, …) leaves the range open on that side. */
function numericBound(ctx: RpcContext, selector: BlockSelector | undefined): bigint | undefined {
  if (selector === undefined || (selector.kind === "tag" && selector.tag !== "earliest")) return undefined;
  return resolveBlockNumber(ctx, selector);
}

export function registerEthFilterMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  const refuseWhenFull = (id: string | undefined): string => {
    if (id === undefined) throw new RpcError(RPC_ERROR_CODE.LIMIT_EXCEEDED, "too many filters installed");
    return id;
  };

  rpc.add("eth_newFilter", (params) => {
    expectParams(params, 1, 1);
    const criteria = readFilterCriteria(params[0], 0);
    if (criteria.blockHash !== undefined)
      throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid argument 0: blockHash is not allowed in filters");
    return refuseWhenFull(
      ctx.filters.installLogFilter(criteria, {
        fromBlock: numericBound(ctx, criteria.fromBlock),
        toBlock: numericBound(ctx, criteria.toBlock),
      }),
    );
  });

  rpc.add("eth_newBlockFilter", (params) => {
    expectParams(params, 0, 0);
    return refuseWhenFull(ctx.filters.installHashFilter("blocks"));
  });

  rpc.add("eth_newPendingTransactionFilter", (params) => {
    expectParams(params, 0, 1);
    return refuseWhenFull(ctx.filters.installHashFilter("pendingTransactions"));
  });

  rpc.add("eth_getFilterChanges", (params) => {
    expectParams(params, 1, 1);
    const changes = ctx.filters.takeChanges(readFilterId(params[0]));
    if (changes === undefined) throw filterNotFound();
    if (changes.kind === "logs") return changes.logs.map((placed) => formatLog(placed.log, placed.placement));
    return changes.hashes.map(toData);
  });

  rpc.add("eth_getFilterLogs", async (params) => {
    expectParams(params, 1, 1);
    const criteria = ctx.filters.getLogCriteria(readFilterId(params[0]));
    if (criteria === undefined) throw filterNotFound();
    return (await runHeavy(ctx, () => queryLogs(ctx, criteria))).map((placed) => formatLog(placed.log, placed.placement));
  });

  rpc.add("eth_uninstallFilter", (params) => {
    expectParams(params, 1, 1);
    return ctx.filters.uninstall(readFilterId(params[0]));
  });
}
