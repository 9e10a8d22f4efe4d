// pnpm bench:executor — one JSON line per workload and worker count (see docs/benchmarks.md).
// Usage: benchExecutor.ts [txs=2000] [workers=2] [workload,...] [--profile]
// --profile adds where the time went, per path (ms): recovery, schedule, execute (of which
// validate and main-thread re-execution), state root, receipts root; and the sum of per-tx times.
import { Worker } from "node:worker_threads";
import { decodeTransaction } from "@eigenchain/chain";
import type { TypedTransaction } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { createParallelExecutor, createSequentialExecutor, createStateStore } from "../../src/index.js";
import { TOKEN, addressSlot, common, createAccount, createEnv, createGenesis, createMemoryDb, signTx, tokenTransferData } from "../utils/fixtures.js";
import { TOKEN_ADDR } from "../utils/blocks.js";

const PROFILE = process.argv.includes("--profile");
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const TXS = Number(args[0] ?? 2000);
const WORKERS = (args[1] ?? "2").split(",").map(Number);
const ONLY = args[2]?.split(",");
const ETH = 10n ** 18n;
/** Blocks each path runs before timing, and timed runs per path (the median is reported). */
const WARMUP_BLOCKS = 5;
const RUNS = 5;

const accounts = Array.from({ length: TXS * 2 }, (_, i) => createAccount(i));
const alloc: Parameters<typeof createGenesis>[0] = {};
const tokenStorage: Record<string, string> = {};
for (const a of accounts.slice(0, TXS)) {
  alloc[a.hex] = { balance: 1000n * ETH };
  tokenStorage[addressSlot(a.address)] = "0x0f4240";
}
alloc[bytesToHex(TOKEN_ADDR)] = { code: TOKEN, storage: tokenStorage };
const genesis = createGenesis(alloc);

function rand(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function workload(name: string): Uint8Array[] {
  const r = rand(42);
  const txs: TypedTransaction[] = [];
  for (let i = 0; i < TXS; i++) {
    const from = accounts[i]!;
    const to = accounts[TXS + i]!;
    switch (name) {
      case "transfers-independent":
        txs.push(signTx(from, { nonce: 0n, to: to.address, value: 1n, gasLimit: 21_000n }));
        break;
      case "erc20-independent":
        txs.push(signTx(from, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(to.address, 1n), gasLimit: 80_000n }));
        break;
      case "erc20-hotspot":
        txs.push(signTx(from, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(accounts[TXS]!.address, 1n), gasLimit: 80_000n }));
        break;
      case "mixed": {
        // ~40% pay the sender of one of the previous 20 transactions: a read-modify-write of an account it wrote.
        const dep = i > 0 && r() < 0.4;
        const target = dep ? accounts[Math.max(0, i - 1 - Math.floor(r() * 20))]! : to;
        txs.push(signTx(from, { nonce: 0n, to: target.address, value: 1n, gasLimit: 21_000n }));
        break;
      }
      case "serial-chain":
        txs.push(signTx(accounts[0]!, { nonce: BigInt(i), to: to.address, value: 1n, gasLimit: 21_000n }));
        break;
    }
  }
  return txs.map((t) => t.serialize());
}

const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
const decode = (raw: Uint8Array[]) => raw.map((r) => decodeTransaction(r, common));

/** What this machine gives a pure CPU-bound job split over `n` threads, in this run. */
async function measureCpuScaling(n: number): Promise<number> {
  const ITER = 30_000_000;
  const code = `const { parentPort, workerData } = require("node:worker_threads"); let x = 0; for (let i = 0; i < workerData; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x);`;
  const run = async (threads: number) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: threads }, () => new Promise((resolve) => {
        const w = new Worker(code, { eval: true, workerData: Math.floor(ITER / threads) });
        w.once("message", (m) => { resolve(m); void w.terminate(); });
      })),
    );
    return performance.now() - t0;
  };
  await run(1);
  const one = Math.min(await run(1), await run(1));
  const many = Math.min(await run(n), await run(n));
  return one / many;
}

const store = await createStateStore({ db: createMemoryDb() }, { common });
const root = await store.buildGenesis(genesis);
const env = createEnv({ gasLimit: 1_000_000_000n });
const sequential = createSequentialExecutor({}, { stateStore: store, common });
const workloads = ["transfers-independent", "erc20-independent", "erc20-hotspot", "mixed", "serial-chain"].filter((w) => ONLY === undefined || ONLY.includes(w));

for (const workers of WORKERS) {
  const parallel = createParallelExecutor({ workers }, { stateStore: store, common });
  const cpuScaling = await measureCpuScaling(workers);
  for (const name of workloads) {
    const raw = workload(name);
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
        profile = { sequential: round(s.stats.phases), parallel: round(p.stats.phases), perTxSumMs: Math.round(p.stats.sequentialEstimateMs ?? 0) };
      }
      rootMs = p.stats.rootMs;
      conflicts = p.stats.conflicts;
      reexecutions = p.stats.reexecutions;
      mode = p.stats.mode + (p.stats.fallbackReason ? `:${p.stats.fallbackReason}` : "");
      rootsMatch &&= bytesToHex(s.stateRoot) === bytesToHex(p.stateRoot) && bytesToHex(s.receiptsRoot) === bytesToHex(p.receiptsRoot) && s.gasUsed === p.gasUsed;
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
