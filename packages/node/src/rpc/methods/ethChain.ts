import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toQuantity } from "../format.js";
import { expectParams } from "../params.js";

export function registerEthChainMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_chainId", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(ctx.chainId);
  });
  rpc.add("eth_blockNumber", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(ctx.store.getHead().header.number);
  });
  rpc.add("eth_syncing", (params) => {
    expectParams(params, 0, 0);
    return false;
  });
  // The node holds no keys: wallets sign, the node only relays signed transactions.
  rpc.add("eth_accounts", (params) => {
    expectParams(params, 0, 0);
    return [];
  });
}
