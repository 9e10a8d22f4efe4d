// The txpool_ namespace: geth's views of the pending and queued transactions.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { expectParams, readAddress } from "../params.js";
import { formatTxpoolContent, formatTxpoolContentFrom, formatTxpoolInspect, formatTxpoolStatus } from "../poolFormat.js";

/**
 * geth's `txpool_` namespace: counts, full content and one-line summaries of the pending
 * (executable) and queued (nonce-gapped) transactions, keyed by checksummed sender and decimal nonce.
 */
export function registerTxpoolMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("txpool_status", (params) => {
    expectParams(params, 0, 0);
    return formatTxpoolStatus(ctx.parallelPool);
  });

  rpc.add("txpool_content", (params) => {
    expectParams(params, 0, 0);
    return formatTxpoolContent(ctx.parallelPool);
  });

  rpc.add("txpool_contentFrom", (params) => {
    expectParams(params, 1, 1);
    return formatTxpoolContentFrom(ctx.parallelPool, readAddress(params[0], 0));
  });

  rpc.add("txpool_inspect", (params) => {
    expectParams(params, 0, 0);
    return formatTxpoolInspect(ctx.parallelPool);
  });
}
