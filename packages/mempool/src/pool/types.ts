// The pool core's records and configuration.
import type { PooledTransaction } from "../interface.js";
import type { AccessSet } from "./accessSet.js";
import type { TxTag } from "./tags.js";

/** A transaction as the pool core keeps it: the public record plus everything pricing and batching read. */
export interface PoolTx extends PooledTransaction {
  /** 0x-prefixed lower-case hex of `hash`. */
  hashHex: string;
  /** 0x-prefixed lower-case hex of `sender`. */
  senderHex: string;
  txType: number;
  nonce: bigint;
  gasLimit: bigint;
  /** Fee cap: `maxFeePerGas`, or `gasPrice` for legacy and 0x01. */
  maxFee: bigint;
  /** Tip cap: `maxPriorityFeePerGas`, or `gasPrice` for legacy and 0x01. */
  maxTip: bigint;
  value: bigint;
  /** geth's `tx.Cost()`: gasLimit × fee cap + value. */
  cost: bigint;
  /** geth's `numSlots`: one slot per started 32 KiB of encoded size. */
  slots: number;
  tag: TxTag;
  accessSet: AccessSet;
  /** Admission order; ties in price go to the earlier arrival. */
  seq: number;
  /** The shell's clock when admitted (ms), for `txpool_content`-style reporting only. */
  addedAt: number;
}

/** Latest-state view of one sender, as the shell read it. */
export interface AccountState {
  nonce: bigint;
  balance: bigint;
}

export interface PoolConfig {
  /** Maximum slots (32 KiB units) held in total, pending and queued together. */
  globalSlots: number;
  /** Maximum transactions one sender may have in the pool. */
  accountSlots: number;
  /** Maximum queued (nonce-gapped) transactions one sender may have. */
  accountQueue: number;
  /** Minimum tip cap for admission (wei). */
  priceLimit: bigint;
  /** Percentage both fee fields must rise by to replace a transaction with the same nonce. */
  priceBump: bigint;
  /** Queued transactions of a sender with no activity for this long are dropped (ms). */
  lifetimeMs: number;
}

/** Why a transaction left the pool. */
export type RemovalReason = "included" | "nonce" | "nofunds" | "gaslimit" | "replaced" | "evicted" | "stale" | "ratelimit";

export interface Removal {
  tx: PoolTx;
  reason: RemovalReason;
  /** Whether it was pending (executable) when removed. */
  wasPending: boolean;
}
