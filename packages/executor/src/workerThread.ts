// Starts the executor's worker threads (the parallel executor's pool, the call runner) from the built package or from source.
import { Worker } from "node:worker_threads";

/**
 * Starts the `worker.js` beside `callerUrl` (the caller's `import.meta.url`) from `dist/`, or
 * under tsx (tests, benchmarks) its `worker.ts` through a small bootstrap: Node 20 does not apply
 * the parent's `--import tsx` hooks to a worker's entry module.
 */
export function startWorkerThread(callerUrl: string, workerData: unknown): Worker {
  if (!callerUrl.endsWith(".ts")) return new Worker(new URL("./worker.js", callerUrl), { workerData });
  const entry = new URL("./worker.ts", callerUrl).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
