import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { formatLog } from "../format.js";
import { queryLogs } from "../logQuery.js";
import { expectParams, readFilterCriteria } from "../params.js";

export function registerEthLogMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_getLogs", async (params) => {
    expectParams(params, 1, 1);
    const logs = await queryLogs(ctx, readFilterCriteria(params[0], 0));
    return logs.map((placed) => formatLog(placed.log, placed.placement));
  });
}
