// The chain's events (committed blocks, transactions entering the pool) for RPC filters, subscriptions and metrics.
import { EventEmitter } from "node:events";
import type { Block } from "@eigenchain/chain";
import type { ExecutionStats } from "@eigenchain/executor";
import type { StoredReceipt } from "../store/storedReceipt.js";

export interface CommittedBlock {
  block: Block;
  receipts: StoredReceipt[];
  /** How this node executed the block (its build run, or its re-execution of a received block). */
  stats?: ExecutionStats;
}

interface ChainEventMap {
  /** A block is durable and is the new head. */
  block: [CommittedBlock];
  /** A transaction entered the pool through this node (32-byte hash). */
  pendingTransaction: [Uint8Array];
}

/** What the chain tells RPC filters, subscriptions and metrics. */
export class ChainEvents extends EventEmitter<ChainEventMap> {}
