// pnpm bench:executor — one JSON line per workload and worker count (see docs/benchmarks.md).
// Usage: benchExecutor.ts [txs=2000] [workers=2] [workload,...] [--profile]
// --profile adds where the time went, per path (ms): recovery, schedule, execute (of which
// validate and main-thread re-execution), state root, receipts root; and the sum of per-tx times.
import { Worker } from "node:worker_threads";
import { decodeTransaction } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { createParallelExecutor, createSequentialExecutor, createStateStore } from "../../src/index.js";
import { common, createEnv, createMemoryDb } from "../utils/fixtures.js";
import { createBenchWorld, createWorkload, WARMUP_BLOCKS, WORKLOADS } from "./workloads.js";

const PROFILE = process.argv.includes("--profile");
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const TXS = Number(args[0] ?? 2000);
const WORKERS = (args[1] ?? "2").split(",").map(Number);
const ONLY = args[2]?.split(",");
/** Timed runs per path after the warm-up (the median is reported). */
const RUNS = 5;
const world = createBenchWorld(TXS);

const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
const decode = (raw: Uint8Array[]) => raw.map((r) => decodeTransaction(r, common));

/**
 * What this machine gives a pure CPU-bound job on `n` threads, in this run: each thread does the
 * same fixed work (weak scaling), long enough (~0.3 s) that starting 16 threads does not hide it.
 * (Splitting one small job over the threads, as before, read 16 threads as 4× on a 16-core machine.)
 */
async function measureCpuScaling(n: number): Promise<number> {
  const ITER_PER_THREAD = 40_000_000;
  const code = `const { parentPort, workerData } = require("node:worker_threads"); let x = 0; for (let i = 0; i < workerData; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x);`;
  const run = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise((resolve) => {
            const w = new Worker(code, { eval: true, workerData: ITER_PER_THREAD });
            w.once("message", (m) => {
              resolve(m);
              void w.terminate();
            });
          }),
      ),
    );
    return performance.now() - t0;
  };
  await run(1);
  const one = Math.min(await run(1), await run(1));
  const many = Math.min(await run(n), await run(n));
  return (n * one) / many;
}

const store = await createStateStore({ db: createMemoryDb() }, { common });
const root = await store.buildGenesis(world.genesis);
const env = createEnv({ gasLimit: 1_000_000_000n });
const sequential = createSequentialExecutor({}, { stateStore: store, common });
const workloads = WORKLOADS.filter((w) => ONLY === undefined || ONLY.includes(w));

for (const workers of WORKERS) {
  const parallel = createParallelExecutor({ workers }, { stateStore: store, common });
  const cpuScaling = await measureCpuScaling(workers);
  for (const name of workloads) {
    const raw = createWorkload(world, name);
    // Warm up both paths (VM creation, worker start, JIT) on copies of the block: each worker
    // sees only its share of a block, so its code needs a few blocks to be optimised.
    for (let w = 0; w < WARMUP_BLOCKS; w++) {
      await sequential.executeBlock(root, env, decode(raw));
      await parallel.executeBlock(root, env, decode(raw));
    }
    const seqRuns: number[] = [];
    const parRuns: number[] = [];
    let rootMs = 0;
    let conflicts = 0;
    let reexecutions = 0;
    let rootsMatch = true;
    let mode = "";
    let profile: Record<string, unknown> = {};
    const round = (o: object | undefined) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, Math.round(v as number)]));
    for (let rep = 0; rep < RUNS; rep++) {
      const a = decode(raw);
      let t0 = performance.now();
      const s = await sequential.executeBlock(root, env, a);
      seqRuns.push(performance.now() - t0);
      const b = decode(raw);
      t0 = performance.now();
      const p = await parallel.executeBlock(root, env, b);
      parRuns.push(performance.now() - t0);
      if (rep === Math.floor(RUNS / 2)) {
        profile = {
          sequential: round(s.stats.phases),
          parallel: round(p.stats.phases),
          perTxSumMs: Math.round(p.stats.sequentialEstimateMs ?? 0),
        };
      }
      rootMs = p.stats.rootMs;
      conflicts = p.stats.conflicts;
      reexecutions = p.stats.reexecutions;
      mode = p.stats.mode + (p.stats.fallbackReason ? `:${p.stats.fallbackReason}` : "");
      rootsMatch &&=
        bytesToHex(s.stateRoot) === bytesToHex(p.stateRoot) &&
        bytesToHex(s.receiptsRoot) === bytesToHex(p.receiptsRoot) &&
        s.gasUsed === p.gasUsed;
    }
    const sequentialMs = median(seqRuns);
    const parallelMs = median(parRuns);
    const speedup = sequentialMs / parallelMs;
    process.stdout.write(
      `${JSON.stringify({
        workload: name,
        txs: TXS,
        workers,
        sequentialMs: Math.round(sequentialMs),
        parallelMs: Math.round(parallelMs),
        speedup: Number(speedup.toFixed(2)),
        cpuScaling: Number(cpuScaling.toFixed(2)),
        efficiency: Number((speedup / cpuScaling).toFixed(2)),
        rootMs: Math.round(rootMs),
        txPerSec: Math.round((TXS / parallelMs) * 1000),
        conflicts,
        reexecutions,
        rootsMatch,
        mode,
        ...(PROFILE ? { profile } : {}),
      })}\n`,
    );
  }
  await parallel.close();
}
await sequential.close();
await store.close();
