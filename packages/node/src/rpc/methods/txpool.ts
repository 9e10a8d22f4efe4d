import { getTxpoolContent, getTxpoolContentFrom, getTxpoolInspect, getTxpoolStatus } from "@eigenchain/mempool";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { expectParams, readAddress } from "../params.js";
import { callPool } from "../poolErrors.js";

/**
 * geth's `txpool_` namespace: counts, full content and one-line summaries of the pending
 * (executable) and queued (nonce-gapped) transactions, keyed by checksummed sender and decimal nonce.
 */
export function registerTxpoolMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("txpool_status", (params) => {
    expectParams(params, 0, 0);
    return callPool(() => getTxpoolStatus(ctx.parallelPool));
  });

  rpc.add("txpool_content", (params) => {
    expectParams(params, 0, 0);
    return callPool(() => getTxpoolContent(ctx.parallelPool));
  });

  rpc.add("txpool_contentFrom", (params) => {
    expectParams(params, 1, 1);
    readAddress(params[0], 0);
    return callPool(() => getTxpoolContentFrom(ctx.parallelPool, params[0] as string));
  });

  rpc.add("txpool_inspect", (params) => {
    expectParams(params, 0, 0);
    return callPool(() => getTxpoolInspect(ctx.parallelPool));
  });
}
