// Builds the solo producer's next block ahead of its tick, once the pool has gone quiet, so that the tick only commits it.
import { type Block, toHex } from "@eigenchain/chain";
import type { Mempool } from "@eigenchain/mempool";
import type { Logger } from "../logger.js";

export interface BlockPreparerOpts {
  /** How long before its tick the next block may be built. */
  leadMs: number;
  /** How long the pool must have taken no transaction first: a stream still arriving would make the build stale. */
  quietMs: number;
  /** Builds per block interval at most, stale ones included (each later arrival can make one stale). */
  maxPerInterval: number;
}

export interface BlockPreparerModules<T> {
  /** The head the next block builds on. */
  getHead(): Block;
  /** Builds (and stages) the block after `parent` at `timestamp` from the pool. */
  build(parent: Block, timestamp: bigint): Promise<T>;
  /** Releases a build no tick will take (stale, or left at stop): its staged write. */
  discard(prepared: T): Promise<void>;
  mempool: Pick<Mempool, "status">;
  logger: Logger;
  /** Injectable for tests (default SYSTEM_CLOCK). */
  clock?: BlockClock;
}

/** Monotonic and wall-clock milliseconds: what a block clock and its preparer read. */
export interface BlockClock {
  monotonicMs(): number;
  wallMs(): number;
}

export const SYSTEM_CLOCK: BlockClock = { monotonicMs: () => performance.now(), wallMs: () => Date.now() };

interface Prepared<T> {
  parentHash: string;
  /** Arrivals counted when the build took the pool's selection. */
  arrivals: number;
  timestamp: bigint;
  /** Settles to undefined when the build failed (the tick then builds afresh). */
  built: Promise<T | undefined>;
}

/**
 * The tick of a block clock is when its block should be readable, as anvil's is: executing a block of
 * 1,700 transfers, its roots and receipts take ~100 ms here, so a block built at its tick lands that
 * late. When the pool has taken nothing for `quietMs` and the tick is at most `leadMs` away, this builds
 * the block at the tick's timestamp (and the producer stages its write); the tick commits it if the head
 * and the pool's arrivals are still those it was built from, and builds afresh otherwise (as without a
 * preparer; one build wasted, its staged write released through `discard`). A steady
 * stream of transactions is never quiet, so it costs nothing there.
 */
export class BlockPreparer<T> {
  private prepared: Prepared<T> | undefined;
  private arrivals = 0;
  private lastArrivalAt = Number.NEGATIVE_INFINITY;
  private tickAt = Number.POSITIVE_INFINITY;
  private tickWallMs = 0;
  private buildsThisInterval = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (monotonic ms); undefined when none is armed. */
  private timerAt: number | undefined;
  private running = true;
  /** The last build started, until it settles. */
  private inFlight: Promise<unknown> | undefined;
  private readonly clock: BlockClock;

  constructor(
    private readonly opts: BlockPreparerOpts,
    private readonly modules: BlockPreparerModules<T>,
  ) {
    this.clock = modules.clock ?? SYSTEM_CLOCK;
  }

  /** The next tick is `delayMs` away: a new interval, whose block may be prepared `leadMs` before it. */
  onTickScheduled(delayMs: number): void {
    this.tickAt = this.clock.monotonicMs() + delayMs;
    this.tickWallMs = this.clock.wallMs() + delayMs;
    this.buildsThisInterval = 0;
    this.arm();
  }

  /** A transaction entered the pool: a block prepared before it does not hold it. */
  onArrival(): void {
    this.arrivals++;
    this.lastArrivalAt = this.clock.monotonicMs();
    this.arm();
  }

  /**
   * The tick: its block as prepared, if that still builds on `parent` with everything the pool took
   * and its timestamp is not after `nowSeconds`; otherwise undefined, once any build in flight has
   * finished (the executor runs one block at a time). Nothing more is prepared until the next tick is scheduled.
   */
  async take(parent: Block, nowSeconds: bigint): Promise<T | undefined> {
    this.clearTimer();
    this.tickAt = Number.POSITIVE_INFINITY;
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared === undefined) return undefined;
    const built = await prepared.built;
    const fresh = prepared.parentHash === toHex(parent.hash()) && prepared.arrivals === this.arrivals && prepared.timestamp <= nowSeconds;
    if (fresh) return built;
    void this.discard(prepared);
    return undefined;
  }

  /** No more builds; resolves once the one in flight has finished and a block nobody took is released. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    const left = this.prepared;
    this.prepared = undefined;
    await this.inFlight;
    if (left !== undefined) await this.discard(left);
  }

  /** (Re)sets the timer for the first moment both the lead and the quiet allow a build. */
  private arm(): void {
    if (!this.running || this.buildsThisInterval >= this.opts.maxPerInterval) return;
    const now = this.clock.monotonicMs();
    const at = Math.max(this.tickAt - this.opts.leadMs, this.lastArrivalAt + this.opts.quietMs);
    if (at >= this.tickAt) return;
    // An armed timer that fires first stays (it re-arms if an arrival broke the quiet): no timer per transaction.
    if (this.timerAt !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timerAt = undefined;
        this.prepare();
      },
      Math.max(0, at - now),
    );
  }

  /** Releases a build nobody will take, once it has settled; a failure to release is only logged. */
  private discard(prepared: Prepared<T>): Promise<void> {
    return prepared.built
      .then((built) => (built === undefined ? undefined : this.modules.discard(built)))
      .catch((err: unknown) => this.modules.logger.warn("Releasing a block built ahead of its tick failed", {}, err));
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timerAt = undefined;
  }

  private prepare(): void {
    const now = this.clock.monotonicMs();
    const pending = this.modules.mempool.status().pending;
    if (!this.running || now >= this.tickAt || pending === 0) return;
    if (now < this.lastArrivalAt + this.opts.quietMs) {
      this.arm(); // an arrival since the timer was set
      return;
    }
    const previous = this.prepared;
    if (previous !== undefined && previous.arrivals === this.arrivals) return; // still fresh
    if (previous !== undefined) void this.discard(previous);
    const parent = this.modules.getHead();
    const timestamp = BigInt(Math.floor(this.tickWallMs / 1000));
    this.buildsThisInterval++;
    this.modules.logger.debug("Building the next block ahead of its tick", {
      msToTick: Math.round(this.tickAt - now),
      pending,
      attempt: this.buildsThisInterval,
    });
    const build = () =>
      this.modules.build(parent, timestamp).catch((err: unknown) => {
        this.modules.logger.warn("Building the next block ahead of its tick failed; the tick builds it", {}, err);
        return undefined;
      });
    // The executor runs one block at a time: after a stale build still running.
    const built = this.inFlight === undefined ? build() : this.inFlight.then(build);
    this.inFlight = built;
    void built.then(() => {
      if (this.inFlight === built) this.inFlight = undefined;
    });
    this.prepared = { parentHash: toHex(parent.hash()), arrivals: this.arrivals, timestamp, built };
  }
}
