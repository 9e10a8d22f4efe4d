// Static analysis of a block before dispatch: predicted dependencies, fallback signals, worker assignment.
import type { TypedTransaction } from "@eigenchain/chain";
import { bytesToHexFast } from "../state/bytes.js";

/**
 * Static analysis of a block before anything is dispatched: which earlier transaction each one
 * probably depends on, from what can be read off the transactions alone — the sender (nonce and
 * balance), the recipient of a plain value transfer (balance), and for a contract call the
 * address-shaped calldata words and the sender as keys *within that contract* (the balance slots
 * of an ERC-20 `transfer(to, amount)`). A prediction only schedules: a wrong one costs a
 * re-execution or some parallelism, never correctness (every result is still validated).
 */
export interface BlockSchedule {
  /** Index of the last earlier transaction sharing a predicted key, or -1. */
  deps: Int32Array;
  /** Longest chain of predicted dependencies (1 = all independent). */
  longestChain: number;
  /** Transactions whose sender already sent an earlier one in this block. */
  repeatSenders: number;
}

/**
 * A 32-byte word that looks like an address: 12 zero bytes, then 20 bytes whose first 4 are not
 * all zero (an amount or index is a small number; an address is 20 random-looking bytes).
 */
function isAddressWord(data: Uint8Array, at: number): boolean {
  for (let i = at; i < at + 12; i++) if (data[i] !== 0) return false;
  return data[at + 12] !== 0 || data[at + 13] !== 0 || data[at + 14] !== 0 || data[at + 15] !== 0;
}

/** Predicted write keys of one transaction. */
function predictKeys(tx: TypedTransaction, sender: Uint8Array): string[] {
  const from = bytesToHexFast(sender);
  const keys = [from];
  if (tx.to === undefined) return keys;
  const to = bytesToHexFast(tx.to.bytes);
  const data = tx.data;
  if (data.length === 0) {
    keys.push(to);
    return keys;
  }
  keys.push(`${to}:${from}`);
  // Arguments are 32-byte words after a 4-byte selector (ABI) or from offset 0 (raw calldata).
  for (const start of [0, 4]) {
    for (let at = start; at + 32 <= data.length && at < start + 32 * 4; at += 32) {
      if (isAddressWord(data, at)) keys.push(`${to}:${bytesToHexFast(data.subarray(at + 12, at + 32))}`);
    }
  }
  return keys;
}

export function scheduleBlock(txs: readonly TypedTransaction[], senders: readonly (Uint8Array | null)[]): BlockSchedule {
  const n = txs.length;
  const deps = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const lastTouch = new Map<string, number>();
  const seenSenders = new Set<string>();
  let longestChain = 0;
  let repeatSenders = 0;
  for (let i = 0; i < n; i++) {
    const sender = senders[i];
    if (sender === null || sender === undefined) continue;
    const senderHex = bytesToHexFast(sender);
    if (seenSenders.has(senderHex)) repeatSenders++;
    else seenSenders.add(senderHex);
    let dep = -1;
    let d = 0;
    for (const key of predictKeys(txs[i]!, sender)) {
      const j = lastTouch.get(key);
      // A key can repeat within one transaction (a transfer to oneself): never depend on oneself.
      if (j !== undefined && j !== i) {
        if (j > dep) dep = j;
        if (depth[j]! > d) d = depth[j]!;
      }
      lastTouch.set(key, i);
    }
    deps[i] = dep;
    depth[i] = d + 1;
    if (d + 1 > longestChain) longestChain = d + 1;
  }
  return { deps, longestChain, repeatSenders };
}

/**
 * How many transactions a worker may have more than the least-loaded one before an independent
 * transaction goes to the least-loaded worker instead of the one that recovered (and decoded) it.
 */
const ASSIGN_SLACK = 16;

/**
 * Which worker runs each transaction (-1: none, its sender did not recover). A transaction follows
 * its predicted dependency to that worker, which runs it after the dependency in block order and so
 * sees that dependency's writes; an independent one stays with the worker that recovered it unless
 * that worker is already ahead by more than ASSIGN_SLACK. A wrong prediction costs a re-execution
 * (the coordinator validates every read), never correctness.
 */
export function assignWorkers(deps: Int32Array, senders: readonly (Uint8Array | null)[], owner: Int8Array, workers: number): Int8Array {
  const n = deps.length;
  const assigned = new Int8Array(n).fill(-1);
  const load = new Int32Array(workers);
  for (let i = 0; i < n; i++) {
    if (senders[i] === null || senders[i] === undefined) continue;
    const dep = deps[i]!;
    let w = dep >= 0 ? assigned[dep]! : -1;
    if (w < 0) {
      let least = 0;
      for (let k = 1; k < workers; k++) if (load[k]! < load[least]!) least = k;
      const mine = owner[i]!;
      w = mine >= 0 && mine < workers && load[mine]! <= load[least]! + ASSIGN_SLACK ? mine : least;
    }
    assigned[i] = w;
    load[w]!++;
  }
  return assigned;
}
