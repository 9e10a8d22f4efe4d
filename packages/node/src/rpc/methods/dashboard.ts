// Read-only eigen_ methods the dashboard needs: how a block was executed (eigen_getBlockExecution) and this node's peers (eigen_peers).
import { bytesToHex } from "@ethereumjs/util";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { expectParams, readBlockSelector } from "../params.js";

export function registerDashboardMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  // Stats, batch layout and per-worker timeline of one of the latest blocks, as this node executed
  // it; null for a block it does not remember (older than its history, or before a restart).
  rpc.add("eigen_getBlockExecution", async (params) => {
    expectParams(params, 1, 1);
    const history = ctx.executions;
    if (history === undefined) return null;
    const selector = readBlockSelector(params[0], 0);
    if (selector.kind === "hash") return history.getByHash(bytesToHex(selector.hash));
    const block = await resolveBlock(ctx, selector);
    return block === undefined ? null : history.getByHash(bytesToHex(block.hash()));
  });

  // This node's identity and its connected peers: admin_nodeInfo's public part, readable without --rpc.admin.
  rpc.add("eigen_peers", (params) => {
    expectParams(params, 0, 0);
    const info = ctx.network.getNodeInfo();
    return {
      peerId: info.peerId,
      validator: info.validator,
      peerCount: ctx.network.getPeerCount(),
      peers: ctx.network.getPeers?.() ?? [],
    };
  });
}
