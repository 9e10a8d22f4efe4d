// What JSON-RPC method handlers may use (RpcContext) and the registry they add their methods to.
import type { Common } from "@eigenchain/chain";
import type { BlockEnv, BlockExecutor, CallRequest, CallResult, SimulateInput, SimulateOutput, StateStore } from "@eigenchain/executor";
import type { Mempool, ParallelPool } from "@eigenchain/mempool";
import type { ChainEvents } from "../chain/chainEvents.js";
import type { RecentBlockHashes } from "../chain/recentBlockHashes.js";
import type { ExecutionHistory } from "../dashboard/executionHistory.js";
import type { Logger } from "../logger.js";
import type { BlockStore } from "../store/blockStore.js";
import type { BatchDryRunner } from "./batchDryRun.js";
import type { FilterManager } from "./filterManager.js";
import type { NetworkStatus } from "./networkStatus.js";
import type { UnlockedAccounts } from "./unlockedAccounts.js";

export interface RpcLimits {
  /** Gas ceiling for eth_call and eth_estimateGas (geth's --rpc.gascap, default 50M). */
  gasCap: bigint;
  /** Widest block range one eth_getLogs may scan. */
  maxLogBlockRange: bigint;
  /** Most logs one eth_getLogs may return. */
  maxLogResults: number;
  /**
   * Time limit of one eth_call execution, and of each run of an eth_estimateGas (geth's
   * --rpc.evmtimeout, default 5 s), timed by the call runner; 0 is no limit. Absent: the default.
   */
  evmTimeoutMs?: number;
}

/** Runs eth_call executions (on worker threads in a node). */
export interface RpcCallRunner {
  call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest, opts?: { timeoutMs?: number }): Promise<CallResult>;
  /** eth_simulateV1's blocks of calls (absent: the method is not served). */
  simulate?(stateRoot: Uint8Array, input: SimulateInput, opts?: { timeoutMs?: number }): Promise<SimulateOutput>;
}

/** Admission of heavy requests: a few at a time, a bounded wait, "busy" beyond. */
export interface RpcHeavyGate {
  run<T>(job: () => Promise<T>): Promise<T>;
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
  /** Whether the parallel_ methods that change behaviour or run heavy work are on (`--parallel.allow-config`). */
  allowParallelConfig: boolean;
  /** BLOCKHASH's window for eth_call and eth_estimateGas (kept for the last block they ran at). */
  blockHashes: RecentBlockHashes;
  /** Where eth_call / eth_estimateGas execute; absent: `executor.call` on this thread. */
  calls?: RpcCallRunner;
  /** The queue heavy requests pass; absent: they run unqueued. */
  heavy?: RpcHeavyGate;
  /** Peers, sync progress, validators, certificates, evidence. */
  network: NetworkStatus;
  /** Keys the node signs with (devnet, `--dev.unlocked`); absent: eth_accounts is empty. */
  accounts?: UnlockedAccounts;
  /** How the latest blocks were executed (eigen_getBlockExecution); absent: not recorded. */
  executions?: ExecutionHistory;
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
