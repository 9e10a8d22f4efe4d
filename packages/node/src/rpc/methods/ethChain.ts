// The chain's identity and position: eth_chainId, eth_blockNumber, eth_syncing, eth_accounts, eth_capabilities.
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData, toQuantity } from "../format.js";
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
  // geth's shape while catching up from peers, false otherwise.
  rpc.add("eth_syncing", (params) => {
    expectParams(params, 0, 0);
    const status = ctx.network.getSyncStatus();
    if (status === null) return false;
    return {
      startingBlock: toQuantity(status.startingBlock),
      currentBlock: toQuantity(status.currentBlock),
      highestBlock: toQuantity(status.highestBlock),
    };
  });
  // Wallets sign and the node relays, except on a devnet: there its funded test accounts are unlocked.
  rpc.add("eth_accounts", (params) => {
    expectParams(params, 0, 0);
    return ctx.accounts?.list() ?? [];
  });
  // What history this node serves (execution-apis #755, as Nethermind answers it): an EIGENChain node
  // keeps every block, receipt and state from genesis, so every resource is on from block 0 and no
  // delete strategy applies.
  rpc.add("eth_capabilities", (params) => {
    expectParams(params, 0, 0);
    const head = ctx.store.getHead();
    const fromGenesis = () => ({ disabled: false, oldestBlock: "0x0" });
    return {
      head: { number: toQuantity(head.header.number), hash: toData(head.hash()) },
      state: fromGenesis(),
      tx: fromGenesis(),
      logs: fromGenesis(),
      receipts: fromGenesis(),
      blocks: fromGenesis(),
      stateproofs: fromGenesis(),
    };
  });
}
