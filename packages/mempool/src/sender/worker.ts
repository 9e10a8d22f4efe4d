// A sender-recovery worker thread: recovers packed signature batches.
import { parentPort, workerData } from "node:worker_threads";
import { recoverPacked } from "./kernel.js";
import type { EcrecoverBackend, WorkerRequest, WorkerResponse } from "./types.js";

const backend = (workerData as { backend: EcrecoverBackend }).backend;

parentPort?.on("message", (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    const results = recoverPacked(req.jobs, req.count, backend);
    res = { id: req.id, code: "success", results };
    parentPort?.postMessage(res, [results.buffer as ArrayBuffer]);
  } catch (err) {
    res = { id: req.id, code: "error", error: (err as Error).message };
    parentPort?.postMessage(res);
  }
});
