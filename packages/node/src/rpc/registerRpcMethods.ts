// Registers every JSON-RPC namespace the node serves.
import type { RpcContext, RpcMethodRegistry } from "./context.js";
import { registerDebugRawMethods } from "./methods/debugRaw.js";
import { registerDebugTraceMethods } from "./methods/debugTrace.js";
import { registerDevAccountMethods } from "./methods/devAccounts.js";
import { registerEigenMethods } from "./methods/eigen.js";
import { registerEthAccessListMethods } from "./methods/ethAccessList.js";
import { registerEthBlockMethods } from "./methods/ethBlocks.js";
import { registerEthCallMethods } from "./methods/ethCall.js";
import { registerEthChainMethods } from "./methods/ethChain.js";
import { registerEthConfigMethods } from "./methods/ethConfig.js";
import { registerEthFeeMethods } from "./methods/ethFees.js";
import { registerEthFilterMethods } from "./methods/ethFilters.js";
import { registerEthLogMethods } from "./methods/ethLogs.js";
import { registerEthProofMethods } from "./methods/ethProof.js";
import { registerEthSimulateMethods } from "./methods/ethSimulate.js";
import { registerEthStateMethods } from "./methods/ethState.js";
import { registerEthSubscriptionMethods } from "./methods/ethSubscriptions.js";
import { registerEthTransactionMethods } from "./methods/ethTransactions.js";
import { registerNetMethods } from "./methods/net.js";
import { registerParallelMethods } from "./methods/parallel.js";
import { registerTxpoolMethods } from "./methods/txpool.js";
import { registerWeb3Methods } from "./methods/web3.js";
import type { SubscriptionManager } from "./subscriptionManager.js";

/** Every namespace the node serves; a new namespace (txpool_, parallel_, eigen_) is one more line here. */
export function registerRpcMethods(rpc: RpcMethodRegistry, ctx: RpcContext, subscriptions: SubscriptionManager): void {
  registerWeb3Methods(rpc, ctx);
  registerNetMethods(rpc, ctx);
  registerEthChainMethods(rpc, ctx);
  registerEthStateMethods(rpc, ctx);
  registerEthBlockMethods(rpc, ctx);
  registerEthTransactionMethods(rpc, ctx);
  registerEthCallMethods(rpc, ctx);
  registerEthFeeMethods(rpc, ctx);
  registerEthLogMethods(rpc, ctx);
  registerEthFilterMethods(rpc, ctx);
  registerEthSubscriptionMethods(rpc, ctx, subscriptions);
  registerTxpoolMethods(rpc, ctx);
  registerParallelMethods(rpc, ctx);
  registerEigenMethods(rpc, ctx);
  registerDebugRawMethods(rpc, ctx);
  registerEthAccessListMethods(rpc, ctx);
  registerEthProofMethods(rpc, ctx);
  registerDebugTraceMethods(rpc, ctx);
  registerEthSimulateMethods(rpc, ctx);
  registerDevAccountMethods(rpc, ctx);
  registerEthConfigMethods(rpc, ctx);
}
