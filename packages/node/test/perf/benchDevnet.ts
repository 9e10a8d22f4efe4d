/**
 * `pnpm bench:devnet`: four validators on this machine; N signed transfers from K senders sent over
 * JSON-RPC to all nodes by C concurrent clients. Finality is from sending a transaction to its
 * receipt being readable on every node (each node's blocks are followed). Prints one JSON line:
 * {validators, txsSent, committed, tps, finalityP50Ms, finalityP99Ms, rssMbMax, ...}; a progress bar
 * on stderr when it is a terminal.
 */
import { parseArgs } from "node:util";
import type { NetworkNode } from "../e2e/support/networkDsl.js";
import { sleep, TestNetwork } from "../e2e/support/networkDsl.js";
import { DEVNET_CHAIN_ID } from "../e2e/support/nodeDsl.js";
import { percentile, sampleRssMb } from "./support/loadStats.js";
import { ProgressBar } from "./support/progressBar.js";
import { createSenders, signTransfers } from "./support/transferLoad.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    senders: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    "block-time": { type: "string", default: "1000" },
    workers: { type: "string", default: "1" },
    profile: { type: "string" },
  },
});
const TXS = Number(values.txs);
const SENDERS = Number(values.senders);
const CONCURRENCY = Number(values.concurrency);
const BLOCK_TIME = Number(values["block-time"]);
const VALIDATORS = 4;
/** Give up on transactions not committed this long after the last send. */
const DRAIN_TIMEOUT_MS = 120_000;

/** The bench senders (the same keys as bench:node's), funded in the network's genesis, and their transfers. */
async function signAll(): Promise<{ raws: string[]; alloc: Record<string, bigint> }> {
  const senders = createSenders(SENDERS);
  const alloc: Record<string, bigint> = {};
  for (const wallet of senders) alloc[wallet.address] = 10n ** 24n;
  const raws = (await signTransfers(senders, TXS, DEVNET_CHAIN_ID)).map((t) => t.raw);
  return { raws, alloc };
}

/** Follows one node's blocks and records when each transaction hash first appears in one. */
function followBlocks(node: NetworkNode, seenAt: Map<string, number>, stop: () => boolean): Promise<void> {
  return (async () => {
    let next = (await node.height()) + 1;
    while (!stop()) {
      const head = await node.height();
      for (; next <= head; next++) {
        const block = await node.call<{ transactions: string[] }>("eth_getBlockByNumber", [`0x${next.toString(16)}`, false]);
        const now = performance.now();
        for (const hash of block.transactions) if (!seenAt.has(hash)) seenAt.set(hash, now);
      }
      await sleep(50);
    }
  })();
}

function networkPids(net: TestNetwork): number[] {
  return net.nodes.map((n) => n.child?.pid).filter((pid): pid is number => pid !== undefined);
}

async function main(): Promise<void> {
  const { raws, alloc } = await signAll();
  const net = await TestNetwork.start({
    validators: VALIDATORS,
    blockTimeMs: BLOCK_TIME,
    extraAlloc: alloc,
    baseNodeArgs: ["--executor.workers", String(values.workers), "--tx.recovery", "main"],
    // What a user's `pnpm devnet` runs: the built CLI (package.json builds it first).
    builtCli: true,
    // One .cpuprofile per thread of every node, written as each stops (see docs/benchmarks.md, "Profiling the node").
    ...(values.profile === undefined ? {} : { nodeFlags: ["--cpu-prof", "--cpu-prof-dir", values.profile] }),
  });
  const seenPerNode = net.nodes.map(() => new Map<string, number>());
  const progress = new ProgressBar(TXS, ["sent", "committed"]);
  const sentAt = new Map<string, number>();
  let done = false;
  let rssMbMax = 0;
  try {
    await net.waitForHeight(2, 120_000);
    const followers = net.nodes.map((node, i) => followBlocks(node, seenPerNode[i] as Map<string, number>, () => done));
    const rssTimer = setInterval(() => (rssMbMax = Math.max(rssMbMax, sampleRssMb(networkPids(net)))), 500);
    const started = performance.now();
    let cursor = 0;
    let rejected = 0;
    const clients = Array.from({ length: CONCURRENCY }, async (_, c) => {
      for (let n = cursor++; n < raws.length; n = cursor++) {
        const node = net.node((n + c) % VALIDATORS);
        const sentTime = performance.now();
        const { result } = await node.rpc("eth_sendRawTransaction", [raws[n]]);
        if (typeof result === "string") sentAt.set(result, sentTime);
        else rejected++;
        progress.draw(sentAt.size, committedEverywhere().length);
      }
    });
    const committedEverywhere = (): number[] => {
      const finality: number[] = [];
      for (const [hash, sent] of sentAt) {
        const seen = seenPerNode.map((m) => m.get(hash));
        if (seen.every((t) => t !== undefined)) finality.push(Math.max(...(seen as number[])) - sent);
      }
      return finality;
    };
    await Promise.all(clients);
    const sendSeconds = (performance.now() - started) / 1000;
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (committedEverywhere().length < sentAt.size && performance.now() < deadline) {
      progress.draw(sentAt.size, committedEverywhere().length);
      await sleep(200);
    }
    const finality = committedEverywhere().sort((a, b) => a - b);
    const lastCommit = Math.max(...[...sentAt.keys()].map((h) => Math.max(...seenPerNode.map((m) => m.get(h) ?? 0))));
    clearInterval(rssTimer);
    done = true;
    await Promise.all(followers);
    progress.done();
    console.log(
      JSON.stringify({
        validators: VALIDATORS,
        txsSent: sentAt.size,
        rejected,
        committed: finality.length,
        tps: Math.round((finality.length / ((lastCommit - started) / 1000)) * 10) / 10,
        acceptedPerSec: Math.round((sentAt.size / sendSeconds) * 10) / 10,
        finalityP50Ms: Math.round(percentile(finality, 50)),
        finalityP99Ms: Math.round(percentile(finality, 99)),
        rssMbMax: Math.round(rssMbMax),
        senders: SENDERS,
        concurrency: CONCURRENCY,
        blockTimeMs: BLOCK_TIME,
        executorWorkers: Number(values.workers),
      }),
    );
  } finally {
    done = true;
    // A profile is written at a normal exit: SIGTERM first (close() kills).
    if (values.profile !== undefined) await Promise.all(net.nodes.map((node) => node.stop()));
    await net.close();
  }
}

await main();
process.exit(0);
