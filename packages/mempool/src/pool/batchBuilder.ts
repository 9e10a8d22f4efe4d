// The batch builder: a block's selection as batches of non-conflicting transactions, in price and nonce order.

import { keccak256, toHex } from "@eigenchain/chain";
import { concatBytes } from "@ethereumjs/util";
import { slotOwner } from "./accessSet.js";
import { Heap } from "./heap.js";
import { getEffectiveTip } from "./pricing.js";
import type { PoolTx } from "./types.js";

export const DEFAULT_BATCH_SIZE = 64;
export const MIN_BATCH_SIZE = 1;
export const MAX_BATCH_SIZE = 256;
/**
 * The cheapest possible transaction; below this much gas left nothing else fits. It is also all a
 * plain transfer needs: a transaction with this gas limit has none left to run code with.
 */
export const PLAIN_TRANSFER_GAS = 21_000n;

/** Whether a transaction with this gas limit has gas left to run code with (the code budget's measure). */
export function canRunCode(gasLimit: bigint): boolean {
  return gasLimit > PLAIN_TRANSFER_GAS;
}

export interface BuiltBatch {
  id: string;
  transactions: PoolTx[];
  gasUsed: bigint;
}

export interface BuiltSelection {
  batches: BuiltBatch[];
  gasUsed: bigint;
}

interface Cursor {
  list: readonly PoolTx[];
  index: number;
  tip: bigint;
  seq: number;
}

/** Deterministic batch id: keccak-256 of the transaction hashes in order. */
export function getBatchId(transactions: readonly { hash: Uint8Array }[]): string {
  return toHex(keccak256(concatBytes(...transactions.map((t) => t.hash))));
}

/**
 * Builds the block's batches from each sender's executable transactions (in nonce order).
 *
 * Transactions are taken greedily by effective tip (earlier arrival breaks ties) from a heap of
 * sender heads, as geth's miner does, skipping a sender whose next transaction no longer fits the
 * gas left. Each taken transaction goes to the first batch after every batch that already touches
 * one of its keys — so conflicting transactions (including a sender's own, which all share the
 * sender's account) keep the order in which they were taken, and concatenating the batches gives
 * a block whose sequential result equals running each batch in parallel. A full batch sends the
 * transaction further back; an isolated one (`SEQUENTIAL`, EIP-7702) gets a fresh batch of its own.
 * Transactions that can run code (a gas limit above a plain transfer's) share at most `codeGasLimit`
 * of the block; plain transfers may fill the rest of `gasLimit`.
 * Cost: O(n log s + n·k) for n transactions, s senders, k keys per transaction.
 */
export function buildSelection(
  senders: readonly (readonly PoolTx[])[],
  gasLimit: bigint,
  baseFee: bigint,
  batchSize: number,
  codeGasLimit: bigint = gasLimit,
): BuiltSelection {
  const heap = new Heap<Cursor>((a, b) => (a.tip !== b.tip ? a.tip > b.tip : a.seq < b.seq));
  const push = (list: readonly PoolTx[], index: number) => {
    const tx = list[index];
    if (tx === undefined || tx.maxFee < baseFee) return;
    heap.push({ list, index, tip: getEffectiveTip(tx, baseFee), seq: tx.seq });
  };
  for (const list of senders) push(list, 0);

  const batches: { transactions: PoolTx[]; gasUsed: bigint; closed: boolean }[] = [];
  const accountLast = new Map<string, number>();
  const slotLast = new Map<string, number>();
  const ownerLast = new Map<string, number>();
  let gasLeft = gasLimit;
  let codeGasLeft = codeGasLimit;
  let gasUsed = 0n;

  while (heap.size > 0 && gasLeft >= PLAIN_TRANSFER_GAS) {
    const cursor = heap.pop() as Cursor;
    const tx = cursor.list[cursor.index] as PoolTx;
    if (tx.gasLimit > gasLeft) continue; // this sender's later nonces cannot go before it: drop the sender
    const runsCode = canRunCode(tx.gasLimit);
    if (runsCode && tx.gasLimit > codeGasLeft) continue; // likewise
    const set = tx.accessSet;
    let level = 0;
    for (const a of set.accounts) {
      level = Math.max(level, (accountLast.get(a) ?? -1) + 1, (ownerLast.get(a) ?? -1) + 1);
    }
    for (const s of set.slots) {
      level = Math.max(level, (slotLast.get(s) ?? -1) + 1, (accountLast.get(slotOwner(s)) ?? -1) + 1);
    }
    if (set.isolated) {
      level = batches.length;
    } else {
      while (level < batches.length) {
        const b = batches[level] as (typeof batches)[number];
        if (!b.closed && b.transactions.length < batchSize) break;
        level++;
      }
    }
    if (level === batches.length) batches.push({ transactions: [], gasUsed: 0n, closed: set.isolated });
    const batch = batches[level] as (typeof batches)[number];
    batch.transactions.push(tx);
    batch.gasUsed += tx.gasLimit;
    for (const a of set.accounts) if ((accountLast.get(a) ?? -1) < level) accountLast.set(a, level);
    for (const s of set.slots) {
      if ((slotLast.get(s) ?? -1) < level) slotLast.set(s, level);
      const owner = slotOwner(s);
      if ((ownerLast.get(owner) ?? -1) < level) ownerLast.set(owner, level);
    }
    gasLeft -= tx.gasLimit;
    if (runsCode) codeGasLeft -= tx.gasLimit;
    gasUsed += tx.gasLimit;
    push(cursor.list, cursor.index + 1);
  }
  return {
    batches: batches.map((b) => ({ id: getBatchId(b.transactions), transactions: b.transactions, gasUsed: b.gasUsed })),
    gasUsed,
  };
}
