// Hashing the account trie's subtries on the workers for a big block's state root.
import type { AccountChange, SubtrieResult } from "../state/accountLeaf.js";
import { compactBytes, compactValue } from "./kernel.js";
import type { FromWorker } from "./types.js";
import type { PoolWorker } from "./workerPool.js";

function compactChange(c: AccountChange): AccountChange {
  const account = c.account === null || c.account === undefined ? c.account : (compactValue(c.account) as AccountChange["account"]);
  return { ...c, account, slots: c.slots.map(([k, v]) => [k, compactBytes(v)]) };
}

/**
 * Blocks that change at least this many accounts hash their state root with the account trie's
 * subtries split over the workers: below that, the messages cost more than the hashing saves.
 */
export const PARALLEL_ROOT_MIN_ACCOUNTS = 256;
/**
 * Workers needed before the root is split: one computes the receipts, the others the subtries.
 * On the 2-core dev VM, with 2 workers, splitting measured no gain (the same hashing plus listing,
 * copying and messages, on cores the receipts and the coordinator already use: 68–76 ms against
 * 58–84 ms on one thread for 2,000 transfers), so the split starts at 4 workers.
 */
export const PARALLEL_ROOT_MIN_WORKERS = 4;

/**
 * Sends the account trie's subtrie jobs of one state root to `workers` and collects their results
 * (see `TrieStateStore.applyChangesBySubtrie`). The 16 nibble groups are dealt greedily, heaviest
 * first, to the least-loaded worker (weight: one per account plus one per storage slot). This
 * thread takes no share: it must stay free to answer the workers' requests for trie nodes.
 */
export class SubtrieJobs {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: SubtrieResult) => void; reject: (e: Error) => void }>();

  hash(workers: readonly PoolWorker[], parentRoot: Uint8Array, byNibble: AccountChange[][]): Promise<SubtrieResult[]> {
    const weight = (changes: AccountChange[]) => changes.reduce((sum, c) => sum + 1 + c.slots.length, 0);
    const nibbles = byNibble.map((changes, nibble) => ({ nibble, changes, weight: weight(changes) })).filter((g) => g.changes.length > 0);
    nibbles.sort((a, b) => b.weight - a.weight);
    const shares = workers.map((worker) => ({ worker, load: 0, groups: [] as [number, AccountChange[]][] }));
    for (const g of nibbles) {
      const least = shares.reduce((best, s) => (s.load < best.load ? s : best));
      least.load += g.weight;
      // Values from this thread's re-executions may view larger buffers: copy before posting.
      least.groups.push([g.nibble, g.changes.map(compactChange)]);
    }
    const jobs = shares
      .filter((share) => share.groups.length > 0)
      .map(({ worker, groups }) => {
        const id = this.nextId++;
        const result = new Promise<SubtrieResult>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
        worker.post({ t: "subtries", id, parentRoot, groups });
        return result;
      });
    return Promise.all(jobs);
  }

  onMessage(msg: Extract<FromWorker, { t: "subtries" }>): void {
    const waiter = this.waiting.get(msg.id);
    this.waiting.delete(msg.id);
    if (waiter === undefined) return;
    if (msg.result.code === "success") waiter.resolve(msg.result.result);
    else waiter.reject(new Error(`subtrie job failed: ${msg.result.error}`));
  }

  /** A failed worker never answers: its jobs fail (the caller hashes on its own thread). */
  onPoolError(err: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }
}
