/**
 * `pnpm bench:devnet`: four validators on this machine; N signed transfers from K senders sent over
 * JSON-RPC to all nodes by C concurrent clients. Finality is from sending a transaction to its
 * receipt being readable on every node (each node's blocks are followed). Prints one JSON line:
 * {validators, txsSent, committed, tps, finalityP50Ms, finalityP99Ms, rssMbMax, ...}; a progress bar
 * on stderr when it is a terminal.
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { keccak256 } from "@eigenchain/chain";
import { Wallet } from "ethers";
import type { NetworkNode } from "../e2e/support/networkDsl.js";
import { sleep, TestNetwork } from "../e2e/support/networkDsl.js";
import { DEVNET_CHAIN_ID } from "../e2e/support/nodeDsl.js";

const { values } = parseArgs({
  options: {
    txs: { type: "string", default: "2000" },
    senders: { type: "string", default: "100" },
    concurrency: { type: "string", default: "16" },
    "block-time": { type: "string", default: "1000" },
    workers: { type: "string", default: "1" },
  },
});
const TXS = Number(values.txs);
const SENDERS = Number(values.senders);
const CONCURRENCY = Number(values.concurrency);
const BLOCK_TIME = Number(values["block-time"]);
const VALIDATORS = 4;
/** Give up on transactions not committed this long after the last send. */
const DRAIN_TIMEOUT_MS = 120_000;

function senderKey(i: number): string {
  return `0x${Buffer.from(keccak256(new TextEncoder().encode(`eigenchain bench sender ${i}`))).toString("hex")}`;
}

async function signAll(): Promise<{ raws: string[]; alloc: Record<string, bigint> }> {
  const wallets = Array.from({ length: SENDERS }, (_, i) => new Wallet(senderKey(i)));
  const alloc: Record<string, bigint> = {};
  for (const w of wallets) alloc[w.address] = 10n ** 24n;
  const raws: string[] = [];
  for (let n = 0; n < TXS; n++) {
    const wallet = wallets[n % SENDERS] as Wallet;
    raws.push(
      await wallet.signTransaction({
        type: 2,
        chainId: DEVNET_CHAIN_ID,
        nonce: Math.floor(n / SENDERS),
        to: `0x${(n % 250).toString(16).padStart(40, "0")}`,
        value: 1n,
        gasLimit: 21_000,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      }),
    );
  }
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

function sampleRssMb(net: TestNetwork): number {
  const pids = net.nodes.map((n) => n.child?.pid).filter((pid): pid is number => pid !== undefined);
  const out = execFileSync("ps", ["-o", "rss=", "-p", pids.join(",")], { encoding: "utf8" });
  return Math.max(
    ...out
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => Number(l) / 1024),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

function drawProgress(sent: number, committed: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const bar = (n: number) => "#".repeat(Math.round((n / TXS) * width)).padEnd(width, ".");
  process.stderr.write(`\rsent [${bar(sent)}] ${sent}/${TXS}  committed [${bar(committed)}] ${committed}/${TXS}`);
}

async function main(): Promise<void> {
  const { raws, alloc } = await signAll();
  const net = await TestNetwork.start({
    validators: VALIDATORS,
    blockTimeMs: BLOCK_TIME,
    extraAlloc: alloc,
    baseNodeArgs: ["--executor.workers", String(values.workers), "--tx.recovery", "main"],
  });
  const seenPerNode = net.nodes.map(() => new Map<string, number>());
  const sentAt = new Map<string, number>();
  let done = false;
  let rssMbMax = 0;
  try {
    await net.waitForHeight(2, 120_000);
    const followers = net.nodes.map((node, i) => followBlocks(node, seenPerNode[i] as Map<string, number>, () => done));
    const rssTimer = setInterval(() => (rssMbMax = Math.max(rssMbMax, sampleRssMb(net))), 500);
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
        drawProgress(sentAt.size, committedEverywhere().length);
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
      drawProgress(sentAt.size, committedEverywhere().length);
      await sleep(200);
    }
    const finality = committedEverywhere().sort((a, b) => a - b);
    const lastCommit = Math.max(...[...sentAt.keys()].map((h) => Math.max(...seenPerNode.map((m) => m.get(h) ?? 0))));
    clearInterval(rssTimer);
    done = true;
    await Promise.all(followers);
    if (process.stderr.isTTY) process.stderr.write("\n");
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
    await net.close();
  }
}

await main();
process.exit(0);
