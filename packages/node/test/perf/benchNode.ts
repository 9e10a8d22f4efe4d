/**
 * `pnpm bench:node`: one fresh EIGENChain node, N signed transfers from K senders sent by C
 * concurrent HTTP clients, blocks followed; then the same load against anvil (the optional peer,
 * installed from npm into .cache/anvil on first use; `--anvil off` skips it) in the same run.
 * One JSON line per node {node, txs, senders, concurrency, acceptedPerSec, minedPerSec,
 * latencyP50Ms, latencyP99Ms, rssMb}, then one line of ratios. `--profile DIR` writes a CPU profile of
 * the node's main thread there (see docs/benchmarks.md, "Profiling the node"); `--log FILE` keeps the
 * node's log. The client runs the load once against an in-process stub first, so that neither node
 * is measured with a cold client. `--warm-up N` first sends N transfers from other senders to each node and
 * waits until they are mined, to measure a node past its JIT warm-up (default 0: a fresh node, as issue 12 does).
 * Each node's measured load starts the same `--block-phase` ms after a tick of its block clock (placed
 * from a few block sightings; default: drawn at random in [0, block time) once per run and printed), so
 * both meet the same point of their block clocks. A transaction counts as mined when the head that holds it is seen.
 */
import { parseArgs } from "node:util";
import { killAll } from "../e2e/support/nodeDsl.js";
import { type BenchTarget, findAnvil, startAnvil, startEigenNode } from "./support/benchTargets.js";
import { warmUpClient } from "./support/clientWarmUp.js";
import { percentile, readCpuSeconds, round1, round2, sampleRssMb } from "./support/loadStats.js";
import { ProgressBar } from "./support/progressBar.js";
import { splitFlags } from "./support/splitFlags.js";
import { createSenders, type LoadResult, runTransferLoad, signTransfers } from "./support/transferLoad.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    senders: { type: "string", default: "8" },
    concurrency: { type: "string", default: "16" },
    "block-time": { type: "string", default: "1000" },
    anvil: { type: "string", default: "auto" },
    "node-args": { type: "string", default: "" },
    "runtime-flags": { type: "string", default: "" },
    "warm-up": { type: "string", default: "0" },
    "block-phase": { type: "string" },
    profile: { type: "string" },
    log: { type: "string" },
  },
});
const TXS = Number(values.txs);
const SENDERS = Number(values.senders);
const CONCURRENCY = Number(values.concurrency);
const BLOCK_TIME_MS = Number(values["block-time"]);
const DRAIN_TIMEOUT_MS = 60_000;
/**
 * How long after one of its blocks each node's measured load starts: one draw for both nodes of a
 * run. None under instant mining (block time 0): there is no block clock to align to.
 */
const BLOCK_PHASE_MS =
  BLOCK_TIME_MS === 0
    ? undefined
    : values["block-phase"] === undefined
      ? Math.floor(Math.random() * BLOCK_TIME_MS)
      : Number(values["block-phase"]);
if (BLOCK_PHASE_MS !== undefined && !(BLOCK_PHASE_MS >= 0)) {
  throw new Error(`--block-phase: expected milliseconds (0 or more), got ${values["block-phase"]}`);
}
/** Transfers from other senders sent, and mined, before the measured load (0: a cold node, as the issue measures). */
const WARM_UP_TXS = Number(values["warm-up"]);
const WARM_UP_SENDERS = createSenders(SENDERS, "eigenchain bench warm-up sender");

interface NodeFigures {
  node: string;
  txs: number;
  senders: number;
  concurrency: number;
  /** Transfers the node had already taken (and mined) before the measured load. */
  warmUp: number;
  /** The load started this long after a tick of the node's block clock (absent under instant mining). */
  blockPhaseMs?: number;
  accepted: number;
  rejected: number;
  mined: number;
  acceptedPerSec: number;
  minedPerSec: number;
  /** Blocks that held the load's transactions: at one block time and the same gas limit, what bounds minedPerSec. */
  blocks: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  rssMb: number;
  /** CPU the node (all threads) and the load client used per transaction, from the first send to the last block. */
  nodeCpuMsPerTx: number;
  clientCpuMsPerTx: number;
  firstRejection?: string;
}

interface CpuUse {
  nodeSeconds: number;
  clientSeconds: number;
}

function summarise(name: string, load: LoadResult, rssMb: number, cpu: CpuUse): NodeFigures {
  const latencies: number[] = [];
  const blocks = new Set<number>();
  let lastMined = load.sendStartMs;
  for (const [hash, sent] of load.sentAt) {
    const mined = load.minedAt.get(hash);
    if (mined === undefined) continue;
    latencies.push(mined - sent);
    lastMined = Math.max(lastMined, mined);
    blocks.add(load.minedIn.get(hash) as number);
  }
  latencies.sort((a, b) => a - b);
  const figures: NodeFigures = {
    node: name,
    txs: TXS,
    senders: SENDERS,
    concurrency: CONCURRENCY,
    warmUp: WARM_UP_TXS,
    ...(BLOCK_PHASE_MS === undefined ? {} : { blockPhaseMs: BLOCK_PHASE_MS }),
    accepted: load.sentAt.size,
    rejected: load.rejected,
    mined: latencies.length,
    acceptedPerSec: round1(load.sentAt.size / ((load.sendEndMs - load.sendStartMs) / 1000)),
    minedPerSec: round1(latencies.length / ((lastMined - load.sendStartMs) / 1000)),
    blocks: blocks.size,
    latencyP50Ms: Math.round(percentile(latencies, 50)),
    latencyP99Ms: Math.round(percentile(latencies, 99)),
    rssMb: Math.round(rssMb),
    nodeCpuMsPerTx: round1((cpu.nodeSeconds * 1000) / TXS),
    clientCpuMsPerTx: round1((cpu.clientSeconds * 1000) / TXS),
  };
  if (load.firstRejection !== undefined) figures.firstRejection = load.firstRejection;
  return figures;
}

/** Sends the warm-up transfers and waits until they are mined, so that the measured load meets a warm process. */
async function warmUp(target: BenchTarget): Promise<void> {
  if (WARM_UP_TXS === 0) return;
  const transfers = await signTransfers(WARM_UP_SENDERS, WARM_UP_TXS, target.chainId);
  const load = await runTransferLoad({ url: target.url, transfers, concurrency: CONCURRENCY, drainTimeoutMs: DRAIN_TIMEOUT_MS });
  if (load.minedAt.size < WARM_UP_TXS) throw new Error(`warm-up: ${load.minedAt.size} of ${WARM_UP_TXS} transfers mined`);
}

/** Runs the load against one target, sampling its memory every 250 ms. */
async function measure(target: BenchTarget): Promise<NodeFigures> {
  const senders = createSenders(SENDERS);
  const transfers = await signTransfers(senders, TXS, target.chainId);
  await warmUp(target);
  let rssMb = sampleRssMb([target.pid]);
  const sampler = setInterval(() => (rssMb = Math.max(rssMb, sampleRssMb([target.pid]))), 250);
  const progress = new ProgressBar(TXS, ["sent", "mined"]);
  process.stderr.isTTY && process.stderr.write(`${target.name}\n`);
  const nodeCpuBefore = readCpuSeconds(target.pid);
  const clientCpuBefore = process.cpuUsage();
  try {
    const load = await runTransferLoad({
      url: target.url,
      transfers,
      concurrency: CONCURRENCY,
      drainTimeoutMs: DRAIN_TIMEOUT_MS,
      ...(BLOCK_PHASE_MS === undefined ? {} : { blockPhase: { phaseMs: BLOCK_PHASE_MS, blockTimeMs: BLOCK_TIME_MS } }),
      onProgress: (sent, mined) => progress.draw(sent, mined),
    });
    progress.done();
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const cpu = { nodeSeconds: readCpuSeconds(target.pid) - nodeCpuBefore, clientSeconds: (clientCpu.user + clientCpu.system) / 1e6 };
    return summarise(target.name, load, Math.max(rssMb, sampleRssMb([target.pid])), cpu);
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const measuredSenders = createSenders(SENDERS);
  const senders = [...measuredSenders, ...WARM_UP_SENDERS];
  const extraArgs = splitFlags(values["node-args"]);
  const results: NodeFigures[] = [];
  await warmUpClient(await signTransfers(measuredSenders, TXS, 1), CONCURRENCY);
  const eigen = await startEigenNode({
    senders,
    blockTimeMs: BLOCK_TIME_MS,
    extraArgs,
    runtimeFlags: splitFlags(values["runtime-flags"]),
    cpuProfileDir: values.profile,
    logFile: values.log,
  });
  try {
    results.push(await measure(eigen));
  } finally {
    await eigen.stop();
  }
  console.log(JSON.stringify(results[0]));
  const anvilBinary = values.anvil === "off" ? undefined : findAnvil(true);
  if (anvilBinary === undefined) {
    if (values.anvil !== "off") console.error("anvil is not available (npm install failed): no comparison in this run");
    return;
  }
  const anvil = await startAnvil(anvilBinary, senders, BLOCK_TIME_MS);
  try {
    results.push(await measure(anvil));
  } finally {
    await anvil.stop();
  }
  console.log(JSON.stringify(results[1]));
  const [ours, theirs] = results as [NodeFigures, NodeFigures];
  console.log(
    JSON.stringify({
      ratioVs: "anvil",
      minedPerSec: round2(ours.minedPerSec / theirs.minedPerSec),
      acceptedPerSec: round2(ours.acceptedPerSec / theirs.acceptedPerSec),
      latencyP50: round2(ours.latencyP50Ms / theirs.latencyP50Ms),
      rss: round2(ours.rssMb / theirs.rssMb),
    }),
  );
}

try {
  await main();
} finally {
  await killAll();
}
process.exit(0);
