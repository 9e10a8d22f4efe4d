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

function workerUrl(): URL {
  // Sources run under tsx in tests and benchmarks; the built package ships worker.js.
  return new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
}

/** Sender recovery on worker threads, batched under load, with a main-thread retry per item. */
export class WorkerPoolSenderRecoverer implements SenderRecoverer {
  readonly mode = "worker" as const;
  readonly backend: EcrecoverBackend;
  private readonly slots: WorkerSlot[] = [];
  private readonly queue: QueuedJob[] = [];
  private closed = false;

  constructor(
    opts: WorkerPoolOpts = {},
    private readonly hooks: WorkerPoolHooks = {},
  ) {
    this.backend = (opts.backend ?? "native") === "native" && isNativeAvailable() ? "native" : "js";
    const count = Math.max(1, opts.workers ?? availableParallelism() - 1);
    for (let i = 0; i < count; i++) this.slots.push(this.spawn());
  }

  private spawn(): WorkerSlot {
    const worker = new Worker(workerUrl(), { workerData: { backend: this.backend } });
    const slot: WorkerSlot = { worker, busy: null, requestId: 0 };
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
    if (jobs !== null) for (const q of jobs) q.resolve(recoverOne(q.job, this.backend));
    if (!this.closed) {
      this.slots.push(this.spawn());
      this.dispatch();
    }
  }

  private onResponse(slot: WorkerSlot, res: WorkerResponse): void {
    const jobs = slot.busy;
    if (jobs === null || res.id !== slot.requestId) return;
    slot.busy = null;
    if (res.code === "success") {
      jobs.forEach((q, i) => {
        const o = i * RESULT_BYTES;
        if (res.results[o] === 1) q.resolve({ code: "success", result: res.results.slice(o + 1, o + RESULT_BYTES) });
        else q.resolve(recoverOne(q.job, this.backend)); // retried alone for its own error text
      });
    } else {
      for (const q of jobs) q.resolve(recoverOne(q.job, this.backend));
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
    if (this.closed) return Promise.resolve(recoverOne(job, this.backend));
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
