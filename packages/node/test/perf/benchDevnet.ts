/**
 * `pnpm bench:devnet`: four validators on this machine; N signed transfers from K senders sent over
 * JSON-RPC to all nodes by C concurrent clients. Finality is from sending a transaction to its
 * receipt being readable on every node (each node's blocks are followed). Prints one JSON line:
 * {validators, txsSent, committed, tps, finalityP50Ms, finalityP99Ms, rssMbMax, ...}; a progress bar
 * on stderr when it is a terminal. `--warm-up N` first sends N transfers from other senders and waits
 * until every node has committed them, to measure validators past their JIT warm-up. `--logs DIR` keeps
 * each validator's log there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { NetworkNode } from "../e2e/support/networkDsl.js";
import { sleep, TestNetwork } from "../e2e/support/networkDsl.js";
import { DEVNET_CHAIN_ID } from "../e2e/support/nodeDsl.js";
import { warmUpClient } from "./support/clientWarmUp.js";
import { percentile, readCpuSeconds, round1, sampleRssMb } from "./support/loadStats.js";
import { ProgressBar } from "./support/progressBar.js";
import { splitFlags } from "./support/splitFlags.js";
import { createSenders, jsonRpc, signTransfers } from "./support/transferLoad.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    senders: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    "block-time": { type: "string", default: "1000" },
    workers: { type: "string", default: "1" },
    /** Extra `eigenchain start` flags for every validator (e.g. `--warmup.transfers 0`: no JIT warm-up). */
    "node-args": { type: "string", default: "" },
    /** Flags for every validator's Node.js runtime itself (V8's among them), as bench:node's. */
    "runtime-flags": { type: "string", default: "" },
    profile: { type: "string" },
    /** A folder to write each validator's log into (node0.log …) when the bench ends. */
    logs: { type: "string" },
    "warm-up": { type: "string", default: "0" },
  },
});
const TXS = Number(values.txs);
const SENDERS = Number(values.senders);
const CONCURRENCY = Number(values.concurrency);
const BLOCK_TIME = Number(values["block-time"]);
const VALIDATORS = 4;
/** Transfers from other senders committed before the measured load (0: fresh validators, as issue 14 measures). */
const WARM_UP_TXS = Number(values["warm-up"]);
/** Give up on transactions not committed this long after the last send. */
const DRAIN_TIMEOUT_MS = 120_000;

/**
 * The bench senders (the same keys as bench:node's) and the warm-up's own, funded in the network's
 * genesis, and their transfers.
 */
async function signAll(): Promise<{ raws: string[]; warmUpRaws: string[]; alloc: Record<string, bigint> }> {
  const senders = createSenders(SENDERS);
  const warmUpSenders = createSenders(SENDERS, "eigenchain bench warm-up sender");
  const alloc: Record<string, bigint> = {};
  for (const wallet of [...senders, ...warmUpSenders]) alloc[wallet.address] = 10n ** 24n;
  const raws = (await signTransfers(senders, TXS, DEVNET_CHAIN_ID)).map((t) => t.raw);
  const warmUpRaws = (await signTransfers(warmUpSenders, WARM_UP_TXS, DEVNET_CHAIN_ID)).map((t) => t.raw);
  return { raws, warmUpRaws, alloc };
}

/**
 * Which transactions every node has in a block, and since when. The count is kept as blocks arrive,
 * not recounted per send: the client shares the two cores with the four validators.
 */
class CommitTracker {
  /** Per node: when each transaction hash first appeared in one of its blocks. */
  readonly seenPerNode: Map<string, number>[];
  private readonly nodesSeen = new Map<string, number>();
  committedEverywhere = 0;

  constructor(nodes: number) {
    this.seenPerNode = Array.from({ length: nodes }, () => new Map<string, number>());
  }

  record(node: number, hash: string, at: number): void {
    const seen = this.seenPerNode[node] as Map<string, number>;
    if (seen.has(hash)) return;
    seen.set(hash, at);
    const count = (this.nodesSeen.get(hash) ?? 0) + 1;
    this.nodesSeen.set(hash, count);
    if (count === this.seenPerNode.length) this.committedEverywhere++;
  }

  /** When `hash` was readable on every node, or undefined while some node lacks it. */
  committedAt(hash: string): number | undefined {
    let latest = 0;
    for (const seen of this.seenPerNode) {
      const at = seen.get(hash);
      if (at === undefined) return undefined;
      latest = Math.max(latest, at);
    }
    return latest;
  }
}

/** `node.call` through node:http with a kept-alive agent: fetch cost the client ~1.5 ms of CPU a request. */
async function call<T>(node: NetworkNode, method: string, params: unknown[] = []): Promise<T> {
  const { result, error } = await jsonRpc(node.url, method, params);
  if (error !== undefined) throw new Error(`${node.name}: ${method}: ${error.message}`);
  return result as T;
}

/** Follows one node's blocks and records when each transaction hash first appears in one. */
function followBlocks(node: NetworkNode, index: number, tracker: CommitTracker, stop: () => boolean): Promise<void> {
  return (async () => {
    let next = Number(await call<string>(node, "eth_blockNumber")) + 1;
    while (!stop()) {
      const head = Number(await call<string>(node, "eth_blockNumber"));
      for (; next <= head; next++) {
        const block = await call<{ transactions: string[] }>(node, "eth_getBlockByNumber", [`0x${next.toString(16)}`, false]);
        const now = performance.now();
        for (const hash of block.transactions) tracker.record(index, hash, now);
      }
      await sleep(50);
    }
  })();
}

function writeLogs(net: TestNetwork, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const node of net.nodes) writeFileSync(join(dir, `${node.name}.log`), node.output());
}

function networkPids(net: TestNetwork): number[] {
  return net.nodes.map((n) => n.child?.pid).filter((pid): pid is number => pid !== undefined);
}

interface LoadFigures {
  sent: number;
  rejected: number;
  /** Send → readable on every node, ms, sorted. */
  finality: number[];
  tps: number;
  acceptedPerSec: number;
}

/** Sends `raws` round-robin over the nodes with CONCURRENCY clients, then waits until every node has them. */
async function sendAndCommit(
  net: TestNetwork,
  raws: readonly string[],
  tracker: CommitTracker,
  progress?: ProgressBar,
): Promise<LoadFigures> {
  const sentAt = new Map<string, number>();
  // The progress bar counts this load's transactions, not an earlier warm-up's.
  const committedBefore = tracker.committedEverywhere;
  const committedThisLoad = () => tracker.committedEverywhere - committedBefore;
  const started = performance.now();
  let cursor = 0;
  let rejected = 0;
  const clients = Array.from({ length: CONCURRENCY }, async (_, c) => {
    for (let n = cursor++; n < raws.length; n = cursor++) {
      const node = net.node((n + c) % VALIDATORS);
      const sentTime = performance.now();
      const { result } = await jsonRpc(node.url, "eth_sendRawTransaction", [raws[n]]);
      if (typeof result === "string") sentAt.set(result, sentTime);
      else rejected++;
      progress?.draw(sentAt.size, committedThisLoad());
    }
  });
  await Promise.all(clients);
  const sendSeconds = (performance.now() - started) / 1000;
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  const sentCommitted = () => [...sentAt.keys()].filter((hash) => tracker.committedAt(hash) !== undefined).length;
  while (sentCommitted() < sentAt.size && performance.now() < deadline) {
    progress?.draw(sentAt.size, committedThisLoad());
    await sleep(200);
  }
  const finality: number[] = [];
  let lastCommit = started;
  for (const [hash, sent] of sentAt) {
    const committed = tracker.committedAt(hash);
    if (committed === undefined) continue;
    finality.push(committed - sent);
    lastCommit = Math.max(lastCommit, committed);
  }
  finality.sort((a, b) => a - b);
  return {
    sent: sentAt.size,
    rejected,
    finality,
    tps: round1(finality.length / ((lastCommit - started) / 1000)),
    acceptedPerSec: round1(sentAt.size / sendSeconds),
  };
}

async function main(): Promise<void> {
  const { raws, warmUpRaws, alloc } = await signAll();
  // Measured cold, the client's own JIT warm-up would fall on the validators' first seconds.
  await warmUpClient(
    raws.map((raw) => ({ raw, hash: "" })),
    CONCURRENCY,
  );
  const net = await TestNetwork.start({
    validators: VALIDATORS,
    blockTimeMs: BLOCK_TIME,
    extraAlloc: alloc,
    // The node's own defaults otherwise (its JIT warm-up included), as `pnpm devnet` runs them.
    baseNodeArgs: ["--executor.workers", String(values.workers), "--tx.recovery", "main", ...splitFlags(values["node-args"])],
    // What a user's `pnpm devnet` runs: the built CLI (package.json builds it first).
    builtCli: true,
    // One .cpuprofile per thread of every node, written as each stops (see docs/benchmarks.md, "Profiling the node").
    nodeFlags: [
      ...splitFlags(values["runtime-flags"]),
      ...(values.profile === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", values.profile]),
    ],
  });
  const tracker = new CommitTracker(net.nodes.length);
  let done = false;
  let rssMbMax = 0;
  try {
    await net.waitForHeight(2, 120_000);
    const followers = net.nodes.map((node, i) => followBlocks(node, i, tracker, () => done));
    const rssTimer = setInterval(() => (rssMbMax = Math.max(rssMbMax, sampleRssMb(networkPids(net)))), 500);
    if (warmUpRaws.length > 0) {
      const warm = await sendAndCommit(net, warmUpRaws, tracker);
      if (warm.finality.length < warmUpRaws.length) throw new Error(`warm-up: ${warm.finality.length} of ${warmUpRaws.length} committed`);
    }
    const nodesCpuBefore = networkPids(net).reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
    const clientCpuBefore = process.cpuUsage();
    const progress = new ProgressBar(TXS, ["sent", "committed"]);
    const load = await sendAndCommit(net, raws, tracker, progress);
    const nodesCpuSeconds = networkPids(net).reduce((sum, pid) => sum + readCpuSeconds(pid), 0) - nodesCpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);
    clearInterval(rssTimer);
    done = true;
    await Promise.all(followers);
    progress.done();
    console.log(
      JSON.stringify({
        validators: VALIDATORS,
        txsSent: load.sent,
        rejected: load.rejected,
        committed: load.finality.length,
        tps: load.tps,
        acceptedPerSec: load.acceptedPerSec,
        finalityP50Ms: Math.round(percentile(load.finality, 50)),
        finalityP99Ms: Math.round(percentile(load.finality, 99)),
        rssMbMax: Math.round(rssMbMax),
        senders: SENDERS,
        concurrency: CONCURRENCY,
        blockTimeMs: BLOCK_TIME,
        executorWorkers: Number(values.workers),
        warmUp: warmUpRaws.length,
        // CPU per sent transaction from the first send to the last commit: the four validators together, and the load client.
        nodesCpuMsPerTx: round1((nodesCpuSeconds * 1000) / TXS),
        clientCpuMsPerTx: round1((clientCpu.user + clientCpu.system) / 1000 / TXS),
      }),
    );
  } finally {
    done = true;
    if (values.logs !== undefined) writeLogs(net, values.logs);
    // A profile is written at a normal exit: SIGTERM first (close() kills).
    if (values.profile !== undefined) await Promise.all(net.nodes.map((node) => node.stop()));
    await net.close();
  }
}

await main();
process.exit(0);
