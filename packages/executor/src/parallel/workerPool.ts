import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker, WorkerSetup } from "./types.js";

/**
 * Starts `worker.js` from `dist/`, or under tsx (tests, benchmarks) `worker.ts` through a small
 * bootstrap: Node 20 does not apply the parent's `--import tsx` hooks to a worker's entry module.
 */
function startWorker(workerData: WorkerSetup): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url), { workerData });
  const entry = new URL("./worker.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

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
      const thread = startWorker({ ...setup, workerId: id, control: this.control.buffer });
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
