// Sender recovery on worker threads: batching, backpressure, one-by-one retry.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SenderRecoverer } from "./interface.js";
import { isNativeAvailable, packJobs, recoverOne } from "./kernel.js";
import type { EcrecoverBackend, RecoveryJob, RecoveryResult, WorkerRequest, WorkerResponse } from "./types.js";
import { RESULT_BYTES } from "./types.js";

/**
 * Jobs per message. At ~60 µs per native recovery a batch of 128 is ~8 ms of work: large enough
 * that the ~30 µs postMessage round trip is noise, small enough that a burst spreads over workers.
 */
const MAX_BATCH = 128;
/** Queue length past which `canAcceptWork()` turns false: about one second of native work per worker. */
const MAX_QUEUE_PER_WORKER = 16_384;

interface QueuedJob {
  job: RecoveryJob;
  resolve: (r: RecoveryResult) => void;
  enqueuedAt: number;
}

interface WorkerSlot {
  worker: Worker;
  busy: QueuedJob[] | null;
  requestId: number;
  /** Whether it ever answered (a worker that dies before that counts as a spawn failure). */
  answered: boolean;
}

export interface WorkerPoolOpts {
  /** Worker threads; default cores − 1 (at least 1). */
  workers?: number;
  backend?: EcrecoverBackend;
}

export interface WorkerPoolHooks {
  /** Called per batch with how long its first job waited and how long the batch ran (seconds). */
  onBatch?: (size: number, waitSeconds: number, runSeconds: number) => void;
}

/** The worker entry and its data: worker.js when built, worker.ts through a tsx bootstrap from source. */
function workerEntry(): { url: URL; script: string | undefined } {
  if (!import.meta.url.endsWith(".ts")) return { url: new URL("./worker.js", import.meta.url), script: undefined };
  return { url: new URL("./workerBootstrap.mjs", import.meta.url), script: new URL("./worker.ts", import.meta.url).href };
}

/** Workers that die before answering once, in a row, before recovery stays on the main thread. */
const MAX_SPAWN_FAILURES = 3;

/** Sender recovery on worker threads, batched under load, with a main-thread retry per item. */
export class WorkerPoolSenderRecoverer implements SenderRecoverer {
  readonly mode = "worker" as const;
  readonly backend: EcrecoverBackend;
  private readonly slots: WorkerSlot[] = [];
  private readonly queue: QueuedJob[] = [];
  private closed = false;
  private spawnFailures = 0;
  private workerJobs = 0;
  private fallbackJobs = 0;

  constructor(
    opts: WorkerPoolOpts = {},
    private readonly hooks: WorkerPoolHooks = {},
  ) {
    this.backend = (opts.backend ?? "native") === "native" && isNativeAvailable() ? "native" : "js";
    const count = Math.max(1, opts.workers ?? availableParallelism() - 1);
    for (let i = 0; i < count; i++) this.slots.push(this.spawn());
  }

  private spawn(): WorkerSlot {
    const entry = workerEntry();
    const worker = new Worker(entry.url, { workerData: { backend: this.backend, script: entry.script } });
    const slot: WorkerSlot = { worker, busy: null, requestId: 0, answered: false };
    worker.on("message", (res: WorkerResponse) => this.onResponse(slot, res));
    worker.on("error", () => this.onWorkerFailure(slot));
    worker.on("exit", () => {
      if (!this.closed) this.onWorkerFailure(slot);
    });
    return slot;
  }

  private onWorkerFailure(slot: WorkerSlot): void {
    const jobs = slot.busy;
    slot.busy = null;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (jobs !== null) for (const q of jobs) q.resolve(this.recoverHere(q.job));
    if (slot.answered) this.spawnFailures = 0;
    else this.spawnFailures++;
    if (!this.closed && this.spawnFailures < MAX_SPAWN_FAILURES) this.slots.push(this.spawn());
    if (this.slots.length === 0) for (const q of this.queue.splice(0)) q.resolve(this.recoverHere(q.job));
    this.dispatch();
  }

  private recoverHere(job: RecoveryJob): RecoveryResult {
    this.fallbackJobs++;
    return recoverOne(job, this.backend);
  }

  /** Jobs answered by workers and on the main thread (fallbacks and per-item retries). */
  getCounts(): { workerJobs: number; fallbackJobs: number; workers: number } {
    return { workerJobs: this.workerJobs, fallbackJobs: this.fallbackJobs, workers: this.slots.length };
  }

  private onResponse(slot: WorkerSlot, res: WorkerResponse): void {
    const jobs = slot.busy;
    if (jobs === null || res.id !== slot.requestId) return;
    slot.busy = null;
    slot.answered = true;
    if (res.code === "success") {
      jobs.forEach((q, i) => {
        const o = i * RESULT_BYTES;
        if (res.results[o] === 1) {
          this.workerJobs++;
          q.resolve({ code: "success", result: res.results.slice(o + 1, o + RESULT_BYTES) });
        } else q.resolve(this.recoverHere(q.job)); // retried alone for its own error text
      });
    } else {
      for (const q of jobs) q.resolve(this.recoverHere(q.job));
    }
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy !== null) continue;
      const batch = this.queue.splice(0, MAX_BATCH);
      slot.busy = batch;
      slot.requestId++;
      const jobs = packJobs(batch.map((q) => q.job));
      const req: WorkerRequest = { id: slot.requestId, jobs, count: batch.length };
      const started = performance.now();
      const waited = (started - (batch[0] as QueuedJob).enqueuedAt) / 1000;
      if (this.hooks.onBatch !== undefined) {
        const onBatch = this.hooks.onBatch;
        const size = batch.length;
        const last = batch[batch.length - 1] as QueuedJob;
        const resolve = last.resolve;
        last.resolve = (r) => {
          onBatch(size, waited, (performance.now() - started) / 1000);
          resolve(r);
        };
      }
      slot.worker.postMessage(req, [jobs.buffer as ArrayBuffer]);
    }
  }

  recover(job: RecoveryJob): Promise<RecoveryResult> {
    if (this.closed || this.slots.length === 0) return Promise.resolve(this.recoverHere(job));
    return new Promise((resolve) => {
      this.queue.push({ job, resolve, enqueuedAt: performance.now() });
      this.dispatch();
    });
  }

  canAcceptWork(): boolean {
    return this.queue.length < MAX_QUEUE_PER_WORKER * this.slots.length;
  }

  queueLength(): number {
    return this.queue.length;
  }

  get workerCount(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      const jobs = slot.busy;
      slot.busy = null;
      if (jobs !== null) for (const q of jobs) q.resolve(recoverOne(q.job, this.backend));
    }
    for (const q of this.queue.splice(0)) q.resolve(recoverOne(q.job, this.backend));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
