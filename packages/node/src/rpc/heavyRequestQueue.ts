// The gate heavy requests pass (eth_call, eth_estimateGas, eth_getLogs, dry runs): a few at once, a bounded queue.
import type { NodeMetrics } from "../metrics.js";
import type { RpcHeavyGate } from "./context.js";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";

export interface HeavyRequestQueueOpts {
  /** Heavy requests running at once. */
  concurrency: number;
  /** Heavy requests waiting at most; one more is refused as busy at once. */
  maxQueued: number;
}

/**
 * Two at a time: a node on two cores keeps one for block production and consensus, and each heavy
 * request's EVM runs on a worker thread of its own. 256 waiting is a full batch of looping calls'
 * worth of work (minutes at the EVM time cap): beyond that a client is told to come back later.
 */
export const DEFAULT_HEAVY_QUEUE_OPTS: HeavyRequestQueueOpts = { concurrency: 2, maxQueued: 256 };

/** geth's text for a node that sheds load ("server busy"), with the reason. */
export const BUSY_MESSAGE = "server busy: too many heavy requests queued, try again later";

interface Waiter {
  start: () => void;
  enqueuedAt: number;
}

/**
 * The gate every heavy JSON-RPC request (eth_call, eth_estimateGas, eth_getLogs, dry runs) passes:
 * a few run at once, a bounded number wait in order, and the next one is refused with -32005
 * instead of piling up work that would starve block production or memory.
 */
export class HeavyRequestQueue implements RpcHeavyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly opts: HeavyRequestQueueOpts,
    private readonly metrics: NodeMetrics | null = null,
  ) {}

  get length(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  /** Runs `job` when a slot is free; throws a -32005 RpcError at once when the queue is full. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.metrics?.rpcHeavyJobSeconds.observe((performance.now() - started) / 1000);
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.opts.concurrency) {
      this.running++;
      this.metrics?.rpcHeavyWaitSeconds.observe(0);
      return Promise.resolve();
    }
    if (this.waiting.length >= this.opts.maxQueued) {
      this.metrics?.rpcHeavyDropped.inc();
      return Promise.reject(new RpcError(RPC_ERROR_CODE.LIMIT_EXCEEDED, BUSY_MESSAGE));
    }
    return new Promise<void>((resolve) => {
      this.waiting.push({ start: resolve, enqueuedAt: performance.now() });
      this.metrics?.rpcHeavyQueueLength.set(this.waiting.length);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      this.running--;
      return;
    }
    // The slot passes straight to the next waiter.
    this.metrics?.rpcHeavyQueueLength.set(this.waiting.length);
    this.metrics?.rpcHeavyWaitSeconds.observe((performance.now() - next.enqueuedAt) / 1000);
    next.start();
  }
}

/** Runs a heavy request's work through the node's queue (directly where none is wired, as in unit tests). */
export function runHeavy<T>(ctx: { heavy?: RpcHeavyGate }, job: () => Promise<T>): Promise<T> {
  return ctx.heavy === undefined ? job() : ctx.heavy.run(job);
}
