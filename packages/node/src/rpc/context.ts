import type { Common } from "@eigenchain/chain";
import type { BlockExecutor, StateStore } from "@eigenchain/executor";
import type { Mempool, ParallelPool } from "@eigenchain/mempool";
import type { ChainEvents } from "../chain/chainEvents.js";
import type { RecentBlockHashes } from "../chain/recentBlockHashes.js";
import type { Logger } from "../logger.js";
import type { BlockStore } from "../store/blockStore.js";
import type { BatchDryRunner } from "./batchDryRun.js";
import type { FilterManager } from "./filterManager.js";

export interface RpcLimits {
  /** Gas ceiling for eth_call and eth_estimateGas (geth's --rpc.gascap, default 50M). */
  gasCap: bigint;
  /** Widest block range one eth_getLogs may scan. */
  maxLogBlockRange: bigint;
  /** Most logs one eth_getLogs may return. */
  maxLogResults: number;
}

/** Everything a JSON-RPC method handler may use. */
export interface RpcContext {
  common: Common;
  chainId: bigint;
  clientVersion: string;
  store: BlockStore;
  stateStore: StateStore;
  executor: BlockExecutor;
  mempool: Mempool;
  events: ChainEvents;
  filters: FilterManager;
  logger: Logger;
  limits: RpcLimits;
  /** The same pool as `mempool`, for the txpool_ and parallel_ queries. */
  parallelPool: ParallelPool;
  /** Runs parallel_executeBatch's dry runs. */
  batchDryRun: BatchDryRunner;
  /** BLOCKHASH's window for eth_call and eth_estimateGas (kept for the last block they ran at). */
  blockHashes: RecentBlockHashes;
}

/** Push channel of one WebSocket connection (eth_subscribe). */
export interface RpcPushChannel {
  send(message: string): void;
  onClose(listener: () => void): void;
}

/** Who is calling: HTTP requests have no push channel. */
export interface RpcSession {
  transport: "http" | "ws";
  push?: RpcPushChannel;
}

export type RpcHandler = (params: unknown[], session: RpcSession) => unknown;

/** Where method modules register their handlers (one module per namespace). */
export interface RpcMethodRegistry {
  add(name: string, handler: RpcHandler): void;
}
