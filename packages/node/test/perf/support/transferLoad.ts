// The transfer load of the node benchmarks: signed EIP-1559 transfers sent by C concurrent HTTP
// clients, and a follower that records when each transaction first shows up in a block.
import http from "node:http";
import { keccak256 } from "@eigenchain/chain";
import { Wallet } from "ethers";
import { JsonRpcConnection } from "./jsonRpcConnection.js";

export interface JsonRpcResponse {
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * Keep-alive HTTP for the follower and single calls: fetch (undici) cost the client ~1.5 ms of CPU per
 * request and capped both nodes near 600–1,200 requests/s on 2 cores; node:http with a pooled agent
 * does ~3,000. The load's senders use a lighter JsonRpcConnection each.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function jsonRpc(url: string, method: string, params: unknown[] = []): Promise<JsonRpcResponse> {
  const target = new URL(url);
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: "/",
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString()) as JsonRpcResponse);
          } catch (err) {
            reject(err);
          }
        });
        response.on("error", reject);
      },
    );
    request.on("error", (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as idle (its keep-alive timeout, e.g. while the bench
      // signs thousands of transfers) fails the next request on it: Node's documented case for a retry.
      if (request.reusedSocket && err.code === "ECONNRESET") jsonRpc(url, method, params).then(resolve, reject);
      else reject(err);
    });
    request.end(body);
  });
}

/**
 * `count` deterministic sender keys (the same in every run, so runs are comparable); another `label`
 * gives another, disjoint set.
 */
export function createSenders(count: number, label = "eigenchain bench sender"): Wallet[] {
  return Array.from({ length: count }, (_, i) => {
    const seed = keccak256(new TextEncoder().encode(`${label} ${i}`));
    return new Wallet(`0x${Buffer.from(seed).toString("hex")}`);
  });
}

export interface SignedTransfer {
  raw: string;
  hash: string;
}

/** A signed transaction's hash from its raw 0x-hex bytes, as a node answers eth_sendRawTransaction. */
export function hashRawTransaction(raw: string): string {
  return `0x${Buffer.from(keccak256(Buffer.from(raw.slice(2), "hex"))).toString("hex")}`;
}

/** N transfers of 1 wei round-robin over the senders, nonces from 0, to 250 distinct recipients. */
export async function signTransfers(senders: readonly Wallet[], count: number, chainId: number): Promise<SignedTransfer[]> {
  const signed: SignedTransfer[] = [];
  for (let n = 0; n < count; n++) {
    const wallet = senders[n % senders.length] as Wallet;
    const raw = await wallet.signTransaction({
      type: 2,
      chainId,
      nonce: Math.floor(n / senders.length),
      to: `0x${(0x1000 + (n % 250)).toString(16).padStart(40, "0")}`,
      value: 1n,
      gasLimit: 21_000,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    signed.push({ raw, hash: hashRawTransaction(raw) });
  }
  return signed;
}

export interface LoadResult {
  sendStartMs: number;
  sendEndMs: number;
  /** When each accepted transaction's send began (its hash → ms). */
  sentAt: Map<string, number>;
  /** When each transaction was first seen in a block. */
  minedAt: Map<string, number>;
  /** The number of the block each transaction was first seen in. */
  minedIn: Map<string, number>;
  rejected: number;
  firstRejection: string | undefined;
}

export interface LoadOptions {
  url: string;
  transfers: readonly SignedTransfer[];
  concurrency: number;
  /** Stop waiting for inclusion this long after the last send. */
  drainTimeoutMs: number;
  /**
   * Start sending this many ms after a tick of the node's block clock, so that nodes compared in one run
   * are measured from the same point of their block clocks (otherwise where the load falls between two
   * blocks follows from how long each node took to start, and decides whether 2,000 transfers need
   * two blocks or three). Undefined: start at once.
   */
  blockPhase?: { phaseMs: number; blockTimeMs: number };
  onProgress?: (sent: number, mined: number) => void;
}

/** Sends every transfer with `concurrency` clients while following blocks; waits until all are mined or the drain times out. */
export async function runTransferLoad(opts: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    sendStartMs: 0,
    sendEndMs: 0,
    sentAt: new Map(),
    minedAt: new Map(),
    minedIn: new Map(),
    rejected: 0,
    firstRejection: undefined,
  };
  let following = true;
  let sending = true;
  const follower = followBlocks(
    opts.url,
    result,
    () => following,
    () => (sending ? SENDING_POLL_MS : DRAINING_POLL_MS),
  );
  const report = () => opts.onProgress?.(result.sentAt.size, result.minedAt.size);
  if (opts.blockPhase !== undefined) {
    const { phaseMs, blockTimeMs } = opts.blockPhase;
    const tick = await findBlockClock(opts.url, blockTimeMs);
    await sleepUntil(tick.next(performance.now() + 5) + phaseMs);
  }
  result.sendStartMs = performance.now();
  let cursor = 0;
  const connections = Array.from({ length: opts.concurrency }, () => new JsonRpcConnection(opts.url));
  const clients = connections.map(async (connection) => {
    for (let n = cursor++; n < opts.transfers.length; n = cursor++) {
      const transfer = opts.transfers[n] as SignedTransfer;
      const sent = performance.now();
      const response = await connection.call("eth_sendRawTransaction", [transfer.raw]);
      if (typeof response.result === "string") result.sentAt.set(transfer.hash, sent);
      else {
        result.rejected++;
        result.firstRejection ??= response.error?.message ?? "no result";
      }
      report();
    }
  });
  try {
    await Promise.all(clients);
  } finally {
    for (const connection of connections) connection.close();
  }
  result.sendEndMs = performance.now();
  sending = false;
  const deadline = performance.now() + opts.drainTimeoutMs;
  while (countMined(result) < result.sentAt.size && performance.now() < deadline) {
    report();
    await sleep(100);
  }
  report();
  following = false;
  await follower;
  return result;
}

function countMined(result: LoadResult): number {
  let mined = 0;
  for (const hash of result.sentAt.keys()) if (result.minedAt.has(hash)) mined++;
  return mined;
}

/** When a node's blocks are due: `next(t)` is the first tick at or after `t` (ms, performance.now()). */
interface BlockClockEstimate {
  next(atOrAfterMs: number): number;
}

/** Ticks sighted to place a node's block clock: one sighting alone was late by up to ~3 ms on an idle node. */
const CLOCK_SIGHTINGS = 4;

/**
 * Places the node's block clock from the next few heads, polled every ~1 ms: each sighting is its
 * tick plus however late the tick fired and the poll saw it, so the earliest (head number counted
 * back at one block time) is the closest to the grid. Both nodes of a run tick on such a grid.
 */
async function findBlockClock(url: string, blockTimeMs: number): Promise<BlockClockEstimate> {
  const deadline = performance.now() + 30_000 + CLOCK_SIGHTINGS * blockTimeMs;
  let head = Number((await jsonRpc(url, "eth_blockNumber")).result);
  let grid = Number.POSITIVE_INFINITY;
  for (let seen = 0; seen < CLOCK_SIGHTINGS; ) {
    if (performance.now() > deadline) throw new Error(`${url} made too few blocks: cannot start the load at a block phase`);
    const polled = Number((await jsonRpc(url, "eth_blockNumber")).result);
    if (polled !== head) {
      seen++;
      head = polled;
      grid = Math.min(grid, performance.now() - head * blockTimeMs);
    } else await sleep(ALIGN_POLL_MS);
  }
  return { next: (t) => grid + Math.ceil((t - grid) / blockTimeMs) * blockTimeMs };
}

/** Sleeps until `targetMs` (performance.now()): a timer to within ~2 ms, then polls the clock so the load starts on time. */
async function sleepUntil(targetMs: number): Promise<void> {
  const early = targetMs - performance.now() - 2;
  if (early > 0) await sleep(early);
  while (performance.now() < targetMs) await new Promise((r) => setImmediate(r));
}

/**
 * Head polls: every 25 ms while the clients send (cheap beside 2,000 sends a second); every 1 ms once
 * they are done and while waiting for the block the load aligns to. Both ends of minedPerSec are then
 * block sightings within ~1 ms (at 25 ms the sightings alone moved a 1.5 s run by up to ±1.7%), the
 * same for every node measured.
 */
const SENDING_POLL_MS = 25;
const DRAINING_POLL_MS = 1;
const ALIGN_POLL_MS = 1;

/** Polls the head every `intervalMs()` and records the first sighting of each transaction in a block. */
async function followBlocks(
  url: string,
  seen: Pick<LoadResult, "minedAt" | "minedIn">,
  active: () => boolean,
  intervalMs: () => number,
): Promise<void> {
  let next = Number((await jsonRpc(url, "eth_blockNumber")).result) + 1;
  while (active()) {
    const head = Number((await jsonRpc(url, "eth_blockNumber")).result);
    // In a block from the moment the head is seen to move: fetching the block's hashes is the client's time.
    const seenAt = performance.now();
    for (; next <= head; next++) {
      const block = (await jsonRpc(url, "eth_getBlockByNumber", [`0x${next.toString(16)}`, false])).result as { transactions: string[] };
      for (const hash of block.transactions) {
        if (seen.minedAt.has(hash)) continue;
        seen.minedAt.set(hash, seenAt);
        seen.minedIn.set(hash, next);
      }
    }
    await sleep(intervalMs());
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
