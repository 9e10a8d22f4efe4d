// admin_ namespace (off unless --rpc.admin): this node's p2p identity, and cutting peers off.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { expectParams } from "../params.js";

/** Most peers one admin_setBlockedPeers call may name. */
const MAX_BLOCKED_PEERS = 1_000;

function readPeerIds(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    value.length > MAX_BLOCKED_PEERS ||
    !value.every((v) => typeof v === "string" && /^[1-9A-HJ-NP-Za-km-z]{30,100}$/.test(v))
  ) {
    throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, `expected an array of at most ${MAX_BLOCKED_PEERS} libp2p peer ids`);
  }
  return value as string[];
}

export function registerAdminMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("admin_nodeInfo", (params) => {
    expectParams(params, 0, 0);
    return ctx.network.getNodeInfo();
  });

  // Cuts the p2p links to these peers (both directions) until the next call; [] heals. Fault tests
  // partition a network with it; an operator can use it as a deny list.
  rpc.add("admin_setBlockedPeers", async (params) => {
    expectParams(params, 1, 1);
    await ctx.network.setBlockedPeers(readPeerIds(params[0]));
    return true;
  });
}
