// The pool's maintenance, apart from its API (reth's pool/maintain): the journal's reload and rotation, the eviction and rotation timers.
import type { TxJournal } from "./journal.js";

/** What maintenance needs of the pool. */
export interface MaintainedPool {
  /** Admits one journaled transaction again as a local one; throws when it is no longer valid. */
  readmitLocal(raw: Uint8Array): Promise<unknown>;
  /** The raw local transactions still pooled, in sender and nonce order. */
  getLocals(): Uint8Array[];
  /** Drops queued transactions idle past the lifetime; returns how many. */
  evictStale(): number;
}

export interface PoolMaintenanceOpts {
  /** How often stale queued transactions are dropped (ms). */
  evictionIntervalMs: number;
  /** How often the journal is rewritten with the locals still pooled (ms). */
  journalRotateMs: number;
}

export interface StartResult {
  /** Journaled transactions admitted again. */
  loaded: number;
  /** Journaled transactions refused this time (included meanwhile, now invalid). */
  dropped: number;
}

/** Keeps the pool's journal in step with its locals and runs its timers; the pool stays the only owner of its core. */
export class PoolMaintenance {
  private timers: ReturnType<typeof setInterval>[] = [];

  constructor(
    private readonly pool: MaintainedPool,
    private readonly journal: TxJournal | null,
    private readonly opts: PoolMaintenanceOpts,
  ) {}

  /**
   * Re-admits the journal's transactions through the normal path (those now invalid are dropped),
   * rewrites the journal with what was kept, and starts the lifetime and rotation timers.
   */
  async start(): Promise<StartResult> {
    let loaded = 0;
    let dropped = 0;
    if (this.journal !== null) {
      for (const raw of await this.journal.load()) {
        try {
          await this.pool.readmitLocal(raw);
          loaded++;
        } catch {
          dropped++;
        }
      }
      await this.rotateJournal();
    }
    const evict = setInterval(() => this.pool.evictStale(), this.opts.evictionIntervalMs);
    evict.unref();
    this.timers.push(evict);
    if (this.journal !== null) {
      const rotate = setInterval(() => void this.rotateJournal().catch(() => undefined), this.opts.journalRotateMs);
      rotate.unref();
      this.timers.push(rotate);
    }
    return { loaded, dropped };
  }

  /** Journals a local transaction just admitted (buffered: written within the journal's flush interval). */
  journalLocal(raw: Uint8Array): void {
    this.journal?.append(raw);
  }

  /** Rewrites the journal with the local transactions still pooled, in sender and nonce order. */
  async rotateJournal(): Promise<void> {
    if (this.journal === null) return;
    await this.journal.rotate(this.pool.getLocals());
  }

  /**
   * After a block: mined (or otherwise gone) local transactions leave the journal now, not at the
   * hourly rotation: thousands of stale entries made every restart re-validate them first.
   */
  onBlockApplied(localsRemoved: boolean): void {
    // In the background: the journal is best effort, and a block's commit must not wait on a file.
    if (localsRemoved) void this.rotateJournal().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.journal !== null) await this.journal.close();
  }
}
