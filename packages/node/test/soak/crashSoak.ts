/**
 * The crash soak: four validators under transfer load while one of them at a time is killed with
 * SIGKILL at a random instant and restarted. Afterwards every node must hold the same chain, every
 * receipt a client saw must still be there (same block hash) on every node, no node may hold
 * equivocation evidence (a double sign), and every restarted validator must be back in consensus
 * (committing at the head) within 20 s.
 */
import { Wallet } from "ethers";
import type { NetworkNode } from "../e2e/support/networkDsl.js";
import { sleep, TestNetwork } from "../e2e/support/networkDsl.js";
import { DEV_KEYS, DEVNET_CHAIN_ID } from "../e2e/support/nodeDsl.js";

export interface CrashSoakOpts {
  kills: number;
  /** Seed of the kill schedule (which validator, when, for how long). */
  seed: number;
  onProgress?: (line: string) => void;
  /**
   * Run the validators as `pnpm devnet` does: the built CLI with the node's own defaults, its JIT
   * warm-up included, so that a rejoin counts the whole start of a real validator (default: the lean,
   * source-run nodes of the test suites).
   */
  asDevnet?: boolean;
}

export interface CrashSoakReport {
  kills: number;
  finalHeight: number;
  forks: number;
  doubleSigns: number;
  acknowledged: number;
  lostTransactions: number;
  maxRejoinMs: number;
  rejoinsOver20s: number;
}

const REJOIN_LIMIT_MS = 20_000;
const RECIPIENT = "0x00000000000000000000000000000000000000c5";

/** A small deterministic PRNG (mulberry32), so a failing schedule replays. */
function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Acknowledged {
  hash: string;
  blockHash: string;
}

/** One sender: signs transfers with consecutive nonces, sends each to a live node, records receipts it sees. */
async function runSender(key: string, net: TestNetwork, acknowledged: Acknowledged[], stop: () => boolean): Promise<void> {
  const wallet = new Wallet(key);
  let nonce = 0;
  while (!stop()) {
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: DEVNET_CHAIN_ID,
      nonce,
      to: RECIPIENT,
      value: 1n,
      gasLimit: 21_000,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    const receipt = await sendUntilMined(net, raw, stop);
    if (receipt !== null) {
      acknowledged.push(receipt);
      nonce++;
    }
  }
}

/** Sends (and re-sends, to whichever node is up) until some node shows a receipt. */
async function sendUntilMined(net: TestNetwork, raw: string, stop: () => boolean): Promise<Acknowledged | null> {
  let hash: string | undefined;
  while (!stop()) {
    const node = pickLive(net);
    if (node === undefined) {
      await sleep(200);
      continue;
    }
    try {
      const sent = await node.rpc("eth_sendRawTransaction", [raw]);
      hash ??= typeof sent.result === "string" ? sent.result : undefined;
      if (hash === undefined) {
        await sleep(200);
        continue;
      }
      for (let i = 0; i < 30 && !stop(); i++) {
        const receipt = await node.call<{ blockHash: string } | null>("eth_getTransactionReceipt", [hash]);
        if (receipt !== null) return { hash, blockHash: receipt.blockHash };
        await sleep(100);
      }
    } catch {
      await sleep(200); // the node went down under us: try another
    }
  }
  return null;
}

function pickLive(net: TestNetwork): NetworkNode | undefined {
  const live = net.nodes.filter((n) => n.running);
  return live[Math.floor(Math.random() * live.length)];
}

/** Kills a validator, restarts it, and returns how long it took to commit at the others' head again. */
async function killAndRejoin(net: TestNetwork, index: number, downMs: number): Promise<number> {
  const node = net.node(index);
  await node.stop("SIGKILL");
  await sleep(downMs);
  const started = Date.now();
  node.start();
  await node.waitUntilServing();
  const others = net.nodes.filter((n) => n !== node);
  const head = Math.max(...(await Promise.all(others.map((n) => n.height()))));
  await node.waitForHeight(head + 1, 120_000);
  return Date.now() - started;
}

async function countForks(net: TestNetwork, height: number): Promise<number> {
  let forks = 0;
  for (let n = 0; n <= height; n++) {
    const hashes = await Promise.all(net.nodes.map((node) => node.blockHash(n)));
    if (new Set(hashes).size !== 1) forks++;
  }
  return forks;
}

async function countLost(net: TestNetwork, acknowledged: readonly Acknowledged[]): Promise<number> {
  let lost = 0;
  for (const ack of acknowledged) {
    for (const node of net.nodes) {
      const receipt = await node.call<{ blockHash: string } | null>("eth_getTransactionReceipt", [ack.hash]);
      if (receipt?.blockHash !== ack.blockHash) lost++;
    }
  }
  return lost;
}

export async function runCrashSoak(opts: CrashSoakOpts): Promise<CrashSoakReport> {
  const rng = createRng(opts.seed);
  const net = await TestNetwork.start({
    validators: 4,
    blockTimeMs: 500,
    ...(opts.asDevnet === true ? { builtCli: true, baseNodeArgs: [] } : {}),
  });
  const acknowledged: Acknowledged[] = [];
  let done = false;
  try {
    await net.waitForHeight(2, 120_000);
    const senders = DEV_KEYS.map((key) => runSender(key, net, acknowledged, () => done));
    const rejoins: number[] = [];
    for (let k = 0; k < opts.kills; k++) {
      await sleep(500 + rng() * 2500);
      const victim = Math.floor(rng() * 4);
      const rejoinMs = await killAndRejoin(net, victim, 200 + rng() * 2000);
      rejoins.push(rejoinMs);
      opts.onProgress?.(`kill ${k + 1}/${opts.kills}: node${victim} back in ${rejoinMs} ms, ${acknowledged.length} receipts seen`);
    }
    done = true;
    await Promise.all(senders);
    // Every node at the highest head first: a receipt in a block a slow node lacks is not lost.
    const height = Math.max(...(await Promise.all(net.nodes.map((n) => n.height()))));
    await net.waitForHeight(height, 120_000);
    const evidence = await Promise.all(net.nodes.map((n) => n.call<unknown[]>("eigen_getEvidence")));
    return {
      kills: opts.kills,
      finalHeight: height,
      forks: await countForks(net, height),
      doubleSigns: evidence.reduce((sum, list) => sum + list.length, 0),
      acknowledged: acknowledged.length,
      lostTransactions: await countLost(net, acknowledged),
      maxRejoinMs: Math.max(0, ...rejoins),
      rejoinsOver20s: rejoins.filter((ms) => ms > REJOIN_LIMIT_MS).length,
    };
  } finally {
    done = true;
    await net.close();
  }
}
