// Start-up JIT warm-up: a throwaway node in this process takes a burst of transfers over its own RPC
// and mines them, so that V8 has compiled the hot paths before the real node serves anyone.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { createNoopLogger } from "../logger.js";
import type { EigenNodeOpts } from "../node.js";
import { DEFAULT_RPC_OPTS, EigenNode } from "../node.js";
import { createWarmUpGenesis, createWarmUpSenders, signWarmUpTransfers } from "./warmUpTransfers.js";

/**
 * Transfers of the default warm-up. Measured on 2 cores (docs/benchmarks.md): a node that had
 * taken 500 accepted the next load at the speed of a fresh one, after 1,000 at ~1.3× and after
 * 2,000 at ~1.6× of it.
 */
export const DEFAULT_JIT_WARM_UP_TRANSFERS = 2000;
const SENDERS = 8;
const CLIENTS = 16;
/** Blocks of a few hundred transfers, as under load; the last one comes soon after the last send. */
const BLOCK_TIME_MS = 250;
/** The warm-up gives up after this long and the node starts without it. */
const DEADLINE_MS = 30_000;
const RECEIPT_POLL_MS = 50;

export interface JitWarmUpOpts {
  transfers: number;
  /** The real node's executor and recovery settings, so that the same code paths are compiled. */
  executor: EigenNodeOpts["executor"];
  txRecovery: EigenNodeOpts["txRecovery"];
}

type RpcCall = (method: string, params: unknown[]) => Promise<unknown>;

/**
 * Runs the warm-up and removes every trace of it: its chain lives in a temporary directory, its
 * RPC on a free loopback port, its keys and chain id are its own. A failure or timeout is logged
 * and the node starts anyway: the warm-up only ever costs start-up time.
 */
export async function warmUpJit(opts: JitWarmUpOpts, logger: Logger): Promise<void> {
  const started = performance.now();
  const datadir = await mkdtemp(join(tmpdir(), "eigenchain-warmup-"));
  const senders = createWarmUpSenders(SENDERS);
  const node = new EigenNode(
    {
      datadir,
      genesisText: createWarmUpGenesis(senders),
      rpc: { ...DEFAULT_RPC_OPTS, host: "127.0.0.1", port: 0, callWorkers: 0 },
      blockTimeMs: BLOCK_TIME_MS,
      allowEmptyBlocks: false,
      processMetrics: false,
      txRecovery: opts.txRecovery,
      executor: opts.executor,
    },
    { logger: createNoopLogger() },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    await node.start();
    const call = createRpcCall(`http://127.0.0.1:${node.address.port}`, agent);
    const load = sendAndMine(call, signWarmUpTransfers(senders, opts.transfers), SENDERS, abort.signal);
    load.catch(() => {}); // after a timeout nobody awaits it; its failure is the timeout's
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    });
    await Promise.race([load, timeout]);
    logger.info("JIT warm-up done", { transfers: opts.transfers, ms: Math.round(performance.now() - started), datadir });
  } catch (err) {
    logger.warn("JIT warm-up failed; starting without it", { ms: Math.round(performance.now() - started) }, err);
  } finally {
    clearTimeout(timer);
    abort.abort();
    agent.destroy();
    await node.stop().catch(() => {});
    await rm(datadir, { recursive: true, force: true });
  }
}

/** Sends every transfer with CLIENTS requests in flight, then waits until each sender's last one has a receipt. */
async function sendAndMine(call: RpcCall, raws: readonly string[], senders: number, signal: AbortSignal): Promise<void> {
  const hashes: string[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < raws.length && !signal.aborted) {
      const index = next++;
      hashes[index] = (await call("eth_sendRawTransaction", [raws[index]])) as string;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const lastOfEachSender = hashes.slice(-senders);
  while (!signal.aborted) {
    const receipts = await Promise.all(lastOfEachSender.map((hash) => call("eth_getTransactionReceipt", [hash])));
    if (receipts.every((receipt) => receipt !== null)) return;
    await call("eth_getBlockByNumber", ["latest", false]); // the path clients follow blocks by: compiled too
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS));
  }
}

/** One JSON-RPC request over a kept-alive connection; a JSON-RPC error rejects with its message. */
function createRpcCall(url: string, agent: http.Agent): RpcCall {
  return (method, params) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
      const request = http.request(url, { method: "POST", agent, headers: { "Content-Type": "application/json" } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          try {
            const reply = JSON.parse(Buffer.concat(chunks).toString()) as { result?: unknown; error?: { message: string } };
            if (reply.error !== undefined) reject(new Error(`${method}: ${reply.error.message}`));
            else resolve(reply.result ?? null);
          } catch (err) {
            reject(err);
          }
        });
      });
      request.on("error", reject);
      request.end(body);
    });
}
