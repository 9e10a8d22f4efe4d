// Runs worker.ts when the package runs from its TypeScript sources (tests, benchmarks): Node 20
// does not carry the parent's `--import tsx` hooks into worker threads, so register tsx here
// first. The built package starts worker.js directly and never loads this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.script);
