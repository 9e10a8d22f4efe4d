// Consensus timers by (height, round, step), on an injectable clock.
import type { Timeout } from "@eigenchain/consensus";

export interface TimerClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: TimerClock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** One pending timer per (height, round, step); a height's timers go when the height is decided. */
export class ConsensusTimeouts {
  private readonly timers = new Map<string, { height: number; handle: unknown }>();

  constructor(private readonly clock: TimerClock = systemClock) {}

  schedule(timeout: Timeout, durationMs: number, fire: (timeout: Timeout) => void): void {
    const key = `${timeout.height}/${timeout.round}/${timeout.step}`;
    if (this.timers.has(key)) return;
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(key);
      fire(timeout);
    }, durationMs);
    this.timers.set(key, { height: timeout.height, handle });
  }

  /** Cancels the timers of heights below `height`. */
  cancelBelow(height: number): void {
    for (const [key, timer] of this.timers) {
      if (timer.height >= height) continue;
      this.clock.clearTimeout(timer.handle);
      this.timers.delete(key);
    }
  }

  clear(): void {
    this.cancelBelow(Number.MAX_SAFE_INTEGER);
  }

  get size(): number {
    return this.timers.size;
  }
}
