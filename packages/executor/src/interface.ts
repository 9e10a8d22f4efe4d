// The executor's contract with the node: block environment, executors, results and stats.
import type { Genesis, Log, Receipt, TypedTransaction } from "@eigenchain/chain";

/**
 * The executor's contract with the node. Two implementations: the sequential reference executor
 * (the definition of truth) and the parallel executor; both must give bit-identical results.
 */

/** The block context a transaction sees (what the EVM reads through NUMBER, TIMESTAMP, COINBASE, …). */
export interface BlockEnv {
  number: bigint;
  timestamp: bigint;
  gasLimit: bigint;
  baseFeePerGas: bigint;
  /** 20 bytes: receives priority fees. */
  coinbase: Uint8Array;
  /** 32 bytes: PREVRANDAO / mixHash. */
  prevRandao: Uint8Array;
  parentHash: Uint8Array;
  /**
   * EIP-4844 excess blob gas of this block; it sets the blob base fee (BLOBBASEFEE, and the fee a
   * blob transaction pays). Absent means zero: EIGENChain's RPC does not accept blob transactions,
   * but the Ethereum conformance fixtures run them through the executor.
   */
  excessBlobGas?: bigint;
  /**
   * Hashes of the previous blocks for BLOCKHASH, newest first: `[hash(n−1), hash(n−2), …]`, up to
   * 256 (more are ignored), or a lookup from block number to hash. Absent or short, BLOCKHASH of
   * n−1 falls back to `parentHash` and older blocks read zero. The parallel executor turns a lookup
   * into the array before the block starts (workers receive data, not functions).
   */
  recentBlockHashes?: readonly Uint8Array[] | ((number: bigint) => Uint8Array | undefined);
}

/**
 * What a transaction touched, for the mempool's learned access sets: accounts (0x addresses) and
 * storage locations (`0x<address>/0x<slot>`), lower-case, in first-touch order. The sender, the
 * block's coinbase (every transaction pays it a fee) and the active precompiles (they hold no
 * state) are left out.
 */
export interface TransactionAccess {
  accounts: string[];
  slots: string[];
}

/** What one transaction did, beyond its consensus receipt. */
export interface ExecutedTransaction {
  tx: TypedTransaction;
  /** 20 bytes. */
  sender: Uint8Array;
  receipt: Receipt;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** Set for a successful contract creation. */
  contractAddress?: Uint8Array;
  /** Logs of this transaction only (the receipt holds them too); indexes are assigned by the node. */
  logs: Log[];
  /** EVM error for a failed transaction ("revert", "out of gas", …); absent on success. */
  error?: string;
  /** Revert data when the transaction reverted. */
  revertData?: Uint8Array;
  /**
   * What it touched: set for a type 0x05 transaction and for a contract call (a recipient with
   * code, at least 4 bytes of data); absent for everything else.
   */
  accessed?: TransactionAccess;
}

/** A transaction a proposer left out because it is not valid on the state it would run against. */
export interface SkippedTransaction {
  tx: TypedTransaction;
  /** geth's text: "nonce too low", "insufficient funds for gas * price + value", … */
  reason: string;
}

export interface ExecutionStats {
  mode: "sequential" | "parallel" | "fallback";
  /** Why the parallel executor fell back to sequential execution, when it did. */
  fallbackReason?: string;
  workers: number;
  executionMs: number;
  rootMs: number;
  /** How the state root was hashed: on this thread, or with the account trie's subtries on the workers. */
  rootHashing?: "thread" | "subtries";
  conflicts: number;
  reexecutions: number;
  /** Sender recovery time (parallel executor; included in executionMs). */
  recoveryMs?: number;
  /** For each conflict: how many transactions back the stale read's writer was. */
  dependencyDistances?: number[];
  /** One entry per execution: worker id (-1 = main thread), tx index, incarnation, wall-clock ms. */
  timeline?: { worker: number; index: number; incarnation: number; startMs: number; endMs: number }[];
  /** Where the block's wall-clock time went (see `ExecutionPhases`). */
  phases?: ExecutionPhases;
  /** Sum of the per-transaction execution times: what one thread would have spent executing them. */
  sequentialEstimateMs?: number;
}

/**
 * Wall-clock breakdown of one block on the coordinating thread (ms). `executeMs` is the parallel
 * execution phase (dispatch, waiting for workers, validation and re-execution included);
 * `validateMs` and `reexecuteMs` are the parts of it spent validating/committing results and
 * re-executing stale transactions on this thread.
 */
export interface ExecutionPhases {
  recoveryMs: number;
  scheduleMs: number;
  executeMs: number;
  validateMs: number;
  reexecuteMs: number;
  rootMs: number;
  receiptsMs: number;
}

export interface BlockExecutionResult {
  stateRoot: Uint8Array;
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  gasUsed: bigint;
  transactions: ExecutedTransaction[];
  /** Only from `buildBlock`: candidates that were not included and why. */
  skipped: SkippedTransaction[];
  stats: ExecutionStats;
}

/** Parameters of eth_call / eth_estimateGas, already decoded. */
export interface CallRequest {
  from?: Uint8Array;
  to?: Uint8Array;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  accessList?: { address: Uint8Array; storageKeys: Uint8Array[] }[];
  nonce?: bigint;
  /**
   * Report what the call touched (eth_createAccessList): `CallResult.accessList` lists the
   * accounts and slots it warmed, the request's own list included, leaving out the sender, the
   * recipient's account (unless its storage was read), the coinbase and the precompiles.
   */
  reportAccessList?: boolean;
  /** EIP-7702 authorizations (signed tuples); with them the call runs as a type 4 transaction. */
  authorizationList?: { chainId: bigint; address: Uint8Array; nonce: bigint; yParity: bigint; r: bigint; s: bigint }[];
}

export interface CallResult {
  returnData: Uint8Array;
  gasUsed: bigint;
  /** Set when the call failed: "execution reverted", "out of gas", … */
  error?: string;
  reverted: boolean;
  /** Only with `reportAccessList`, and only when the transaction ran (not for an invalid one). */
  accessList?: { address: Uint8Array; storageKeys: Uint8Array[] }[];
}

/** Read access to one state (a state root), for RPC and the mempool. */
export interface StateView {
  readonly stateRoot: Uint8Array;
  getAccount(address: Uint8Array): Promise<{ nonce: bigint; balance: bigint; codeHash: Uint8Array } | undefined>;
  getCode(address: Uint8Array): Promise<Uint8Array>;
  /** 32-byte slot → 32-byte value (zero-padded; zero when unset). */
  getStorageAt(address: Uint8Array, slot: Uint8Array): Promise<Uint8Array>;
}

export interface BlockExecutor {
  /**
   * Proposer path: executes candidates in order on top of `parentStateRoot`, leaving out those
   * that are invalid there (reported in `skipped`) and stopping at the gas limit.
   */
  buildBlock(parentStateRoot: Uint8Array, env: BlockEnv, candidates: readonly TypedTransaction[]): Promise<BlockExecutionResult>;
  /** Validator path: executes exactly these transactions; throws if any is invalid. */
  executeBlock(parentStateRoot: Uint8Array, env: BlockEnv, transactions: readonly TypedTransaction[]): Promise<BlockExecutionResult>;
  /** Runs a call against a state without changing it. */
  call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest): Promise<CallResult>;
  /**
   * Starts what the first block would otherwise wait for (the parallel executor's worker threads),
   * in the background: a node calls it at start so its first large block does not stall consensus.
   */
  warmUp?(): void;
  close(): Promise<void>;
}

/** One trie-node write: key and value as stored in the node's state sublevel. */
export interface StateWrite {
  key: Uint8Array;
  value: Uint8Array;
}

/**
 * The world state: a secure Merkle-Patricia trie over the node's LevelDB. Executing a block never
 * writes to disk; the trie nodes it created stay in memory until the node puts them into the
 * block's single atomic batch (`pendingWrites`) and reports the commit (`onCommitted`). Reads
 * fall through memory to disk, so a built-but-uncommitted state can be read and built upon.
 */
export interface StateStore {
  /** Builds the genesis state; returns its root (its writes are then pending like a block's). */
  buildGenesis(genesis: Genesis): Promise<Uint8Array>;
  view(stateRoot: Uint8Array): StateView;
  /** Every not-yet-durable trie node that `stateRoot` needs. */
  pendingWrites(stateRoot: Uint8Array): StateWrite[];
  /** The node wrote `pendingWrites(stateRoot)`; memory for it (and abandoned siblings) can go. */
  onCommitted(stateRoot: Uint8Array): void;
  close(): Promise<void>;
}
