// eth_getLogs: logs by block range or hash, address and topics, bounded by the range and result limits.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { formatLog } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { queryLogs } from "../logQuery.js";
import { expectParams, readFilterCriteria } from "../params.js";

export function registerEthLogMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_getLogs", async (params) => {
    expectParams(params, 1, 1);
    const criteria = readFilterCriteria(params[0], 0);
    const logs = await runHeavy(ctx, () => queryLogs(ctx, criteria));
    return logs.map((placed) => formatLog(placed.log, placed.placement));
  });
}
