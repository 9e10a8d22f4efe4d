import { Worker } from "node:worker_threads";
import type { RecoveryBackend } from "../crypto/recover.js";
import type { FromWorker, ToWorker } from "./types.js";

/**
 * Starts `worker.js` from `dist/`, or under tsx (tests, benchmarks) `worker.ts` through a small
 * bootstrap: Node 20 does not apply the parent's `--import tsx` hooks to a worker's entry module.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./worker.js", import.meta.url), { workerData });
  const entry = new URL("./worker.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export interface PoolWorker {
  id: number;
  /** Tasks sent and not answered yet (backpressure). */
  inFlight: number;
  post(msg: ToWorker, transfer?: ArrayBuffer[]): void;
}

/** A warm pool of executor workers; `onMessage` receives everything they send. */
export class WorkerPool {
  readonly workers: PoolWorker[] = [];
  private readonly threads: Worker[] = [];
  onMessage: (worker: PoolWorker, msg: FromWorker) => void = () => {};
  onError: (err: Error) => void = () => {};

  constructor(size: number, chainId: bigint, recovery: RecoveryBackend) {
    for (let id = 0; id < size; id++) {
      const thread = startWorker({ chainId, workerId: id, recovery });
      const worker: PoolWorker = { id, inFlight: 0, post: (msg, transfer) => thread.postMessage(msg, transfer ?? []) };
      thread.on("message", (msg: FromWorker) => this.onMessage(worker, msg));
      thread.on("error", (err) => this.onError(err));
      this.threads.push(thread);
      this.workers.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
