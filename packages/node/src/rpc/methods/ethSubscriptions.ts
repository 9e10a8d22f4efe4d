// WebSocket subscriptions (eth_subscribe / eth_unsubscribe): new heads, logs and pending transactions.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { expectParams, readFilterCriteria } from "../params.js";
import type { SubscriptionManager } from "../subscriptionManager.js";

/** geth's answer to eth_subscribe over HTTP. */
function notificationsUnsupported(): RpcError {
  return new RpcError(RPC_ERROR_CODE.METHOD_NOT_FOUND, "notifications not supported");
}

export function registerEthSubscriptionMethods(rpc: RpcMethodRegistry, _ctx: RpcContext, subscriptions: SubscriptionManager): void {
  rpc.add("eth_subscribe", (params, session) => {
    if (session.push === undefined) throw notificationsUnsupported();
    expectParams(params, 1, 2);
    const channel = session.push;
    switch (params[0]) {
      case "newHeads":
        expectParams(params, 1, 1);
        return subscriptions.subscribe({ kind: "newHeads", channel });
      case "logs": {
        const { fromBlock, toBlock, ...criteria } = readFilterCriteria(params[1], 1);
        if (criteria.blockHash !== undefined) {
          throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid argument 1: log subscriptions cannot name a block hash");
        }
        // As geth: a range is accepted (cast logs --subscribe sends one) and only new logs are sent;
        // a range that ends before it starts is refused.
        if (fromBlock?.kind === "number" && toBlock?.kind === "number" && toBlock.number < fromBlock.number) {
          throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid from and to block combination");
        }
        return subscriptions.subscribe({ kind: "logs", channel, criteria });
      }
      case "newPendingTransactions":
        return subscriptions.subscribe({ kind: "newPendingTransactions", channel });
      default:
        throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, `no "${String(params[0])}" subscription in eth namespace`);
    }
  });

  rpc.add("eth_unsubscribe", (params, session) => {
    if (session.push === undefined) throw notificationsUnsupported();
    expectParams(params, 1, 1);
    if (typeof params[0] !== "string") throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid argument 0: expected a subscription id");
    return subscriptions.unsubscribe(params[0], session.push);
  });
}
