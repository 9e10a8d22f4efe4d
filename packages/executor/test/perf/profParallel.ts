// Profiling harness (not a test): runs one workload through the parallel executor 5 times after the
// benchmark's warm-up and prints the monotonic µs window of the timed runs (to cut a --cpu-prof profile).
import { decodeTransaction } from "@eigenchain/chain";
import { createParallelExecutor, createStateStore } from "../../src/index.js";
import { common, createEnv, createMemoryDb } from "../utils/fixtures.js";
import type { WorkloadName } from "./workloads.js";
import { createBenchWorld, createWorkload, WARMUP_BLOCKS, WORKLOADS } from "./workloads.js";

const name = (process.argv[2] ?? "transfers-independent") as WorkloadName;
if (!WORKLOADS.includes(name)) throw new Error(`unknown workload ${name}; one of ${WORKLOADS.join(", ")}`);
const world = createBenchWorld(2000);
const raw = createWorkload(world, name);
const decode = () => raw.map((x) => decodeTransaction(x, common));
const store = await createStateStore({ db: createMemoryDb() }, { common });
const root = await store.buildGenesis(world.genesis);
const env = createEnv({ gasLimit: 1_000_000_000n });
const parallel = createParallelExecutor({ workers: 2 }, { stateStore: store, common });
for (let i = 0; i < WARMUP_BLOCKS; i++) await parallel.executeBlock(root, env, decode());
const blocks = Array.from({ length: 5 }, decode);
const from = process.hrtime.bigint() / 1000n;
const times: number[] = [];
for (const b of blocks) {
  const t0 = performance.now();
  const res = await parallel.executeBlock(root, env, b);
  times.push(performance.now() - t0);
  if (process.env.PHASES) console.log(JSON.stringify(res.stats.phases));
}
const to = process.hrtime.bigint() / 1000n;
console.log(`window ${from} ${to} times ${times.map(Math.round).join(",")}`);
await parallel.close();
await store.close();
