// The mempool's contract with the node (RPC, block producer, gossip).
import type { TypedTransaction } from "@eigenchain/chain";
import type { AccessSet, ExecutionAccessReport } from "./pool/accessSet.js";

/**
 * The mempool's contract with the node (RPC, block producer, gossip). The node depends on exactly
 * this; the pool's internals (sub-pools, pricing, access sets, batching) stay behind it.
 */

/** Latest-state reads the pool needs to validate and promote transactions. */
export interface PoolStateReader {
  getNonce(address: Uint8Array): Promise<bigint>;
  getBalance(address: Uint8Array): Promise<bigint>;
}

export interface PooledTransaction {
  tx: TypedTransaction;
  /** 32 bytes. */
  hash: Uint8Array;
  /** 20 bytes. */
  sender: Uint8Array;
  /** The signed EIP-2718 bytes as received. */
  raw: Uint8Array;
  /** Submitted through this node's RPC (journaled, never evicted before remote ones). */
  local: boolean;
  /** What the batch builder assumed it touches (declared, predicted, learned). */
  accessSet?: AccessSet;
}

export interface AddResult {
  hash: Uint8Array;
  status: "pending" | "queued";
  /** Set when this transaction replaced another with the same sender and nonce. */
  replaced?: Uint8Array;
}

/** A group of transactions with disjoint access sets, runnable in parallel. */
export interface Batch {
  /** Deterministic id: the same transactions in the same order give the same id. */
  id: string;
  transactions: PooledTransaction[];
  /** Sum of the transactions' gas limits. */
  gasUsed?: bigint;
}

/** What the proposer executes: batches in order; their concatenation is the block's tx order. */
export interface BlockSelection {
  batches: Batch[];
  transactions: TypedTransaction[];
  gasLimit: bigint;
}

export interface NewBlockUpdate {
  /** Hashes of the transactions the block included. */
  includedHashes: Uint8Array[];
  /** Base fee for the next block. */
  baseFeePerGas: bigint;
  /** The state after the block. */
  state: PoolStateReader;
  /** The next block's gas limit, when it changes (transactions above it are dropped). */
  gasLimit?: bigint;
}

export interface Mempool {
  /** From this node's RPC. Throws an `EigenError` whose message is geth's text ("nonce too low", …). */
  addLocal(raw: Uint8Array): Promise<AddResult>;
  /** From gossip: the same validation path as `addLocal`. */
  addRemote(raw: Uint8Array): Promise<AddResult>;
  get(hash: Uint8Array): PooledTransaction | undefined;
  /** Ordered, conflict-aware selection for the next block, at most `gasLimit` gas in total. */
  selectForBlock(gasLimit: bigint): BlockSelection;
  /** Drops what the block included or made invalid; promotes what became executable. */
  onNewBlock(update: NewBlockUpdate): Promise<void>;
  /**
   * What executed contract calls touched (a committed block's, a dry run's): later calls of the
   * same contract and selector get access sets learned from it.
   */
  recordExecution(reports: readonly ExecutionAccessReport[]): void;
  /** The nonce the sender's next transaction should use, counting pending ones (eth_getTransactionCount "pending"). */
  getPendingNonce(sender: Uint8Array): bigint | undefined;
  status(): { pending: number; queued: number };
  /** Per sender (0x address, lower case), per nonce. */
  content(): { pending: Map<string, PooledTransaction[]>; queued: Map<string, PooledTransaction[]> };
  close(): Promise<void>;
}
