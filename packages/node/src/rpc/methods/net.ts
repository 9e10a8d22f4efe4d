// net_ namespace: the network id, whether the node listens, and its peer count.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toQuantity } from "../format.js";
import { expectParams } from "../params.js";

export function registerNetMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("net_version", (params) => {
    expectParams(params, 0, 0);
    return ctx.chainId.toString(10);
  });
  rpc.add("net_listening", (params) => {
    expectParams(params, 0, 0);
    return true;
  });
  rpc.add("net_peerCount", (params) => {
    expectParams(params, 0, 0);
    return toQuantity(ctx.network.getPeerCount());
  });
}
