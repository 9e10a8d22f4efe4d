// The parallel executor's warm pool of worker threads and the epoch they may work on.
import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../workerThread.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./types.js";

export interface PoolWorker {
  id: number;
  post(msg: ToWorker, transfer?: ArrayBuffer[]): void;
}

/** A warm pool of executor workers; `onMessage` receives everything they send. */
export class WorkerPool {
  readonly workers: PoolWorker[] = [];
  private readonly threads: Worker[] = [];
  /**
   * The epoch workers may work on, shared with all of them: a worker stops its task list as soon
   * as this moves on (a block abandoned for the sequential fallback), without waiting for a message.
   */
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  onMessage: (worker: PoolWorker, msg: FromWorker) => void = () => {};
  onError: (err: Error) => void = () => {};

  constructor(size: number, setup: Omit<WorkerSetup, "workerId" | "control">) {
    for (let id = 0; id < size; id++) {
      const thread = startWorkerThread(import.meta.url, { ...setup, workerId: id, control: this.control.buffer });
      const worker: PoolWorker = { id, post: (msg, transfer) => thread.postMessage(msg, transfer ?? []) };
      thread.on("message", (msg: FromWorker) => this.onMessage(worker, msg));
      thread.on("error", (err) => this.onError(err));
      this.threads.push(thread);
      this.workers.push(worker);
    }
  }

  /** Lets workers run tasks of `epoch` (and stops anything older). */
  setCurrentEpoch(epoch: number): void {
    Atomics.store(this.control, 0, epoch);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
