// `pnpm soak:memory`: runs a node in this process for many blocks (5,000 by default) with light
// traffic — a transfer, an eth_call, an eth_getLogs and a block read every few blocks, a WebSocket
// newHeads subscription — and compares the heap after block 500 with the heap after the last block
// (both after a full GC). Fails when the heap grew more than 10%. Not part of `pnpm test`: it runs
// for minutes. Options: SOAK_BLOCKS, SOAK_BLOCK_TIME_MS, SOAK_WARMUP_BLOCKS; SOAK_SNAPSHOTS=1 also
// writes heap snapshots at blocks 300 and 900 to /tmp for a diff in Chrome DevTools.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSpaceStatistics } from "node:v8";
import { createChainCommon } from "@eigenchain/chain";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import WebSocket from "ws";
import { createLogger } from "../../src/logger.js";
import { DEFAULT_RPC_OPTS, EigenNode } from "../../src/node.js";

const BLOCKS = Number(process.env.SOAK_BLOCKS ?? 5000);
const WARMUP = Number(process.env.SOAK_WARMUP_BLOCKS ?? 500);
const BLOCK_TIME_MS = Number(process.env.SOAK_BLOCK_TIME_MS ?? 10);
/** Traffic every this many blocks. */
const TRAFFIC_EVERY = 5;
const MAX_GROWTH = 0.1;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --expose-gc (pnpm soak:memory does)");

const root = join(import.meta.dirname, "../../../..");
const genesisText = readFileSync(join(root, "genesis/devnet.json"), "utf8");
const KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const common = createChainCommon(57710n);

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Used bytes per V8 heap space (MB), to tell data from compiled code. */
function heapSpaces(): Record<string, number> {
  return Object.fromEntries(
    getHeapSpaceStatistics()
      .filter((s) => s.space_used_size > 0)
      .map((s) => [s.space_name, Number((s.space_used_size / 1024 / 1024).toFixed(1))]),
  );
}

async function main(): Promise<void> {
  const datadir = mkdtempSync(join(tmpdir(), "eigen-soak-"));
  const node = new EigenNode(
    {
      datadir,
      genesisText,
      rpc: { ...DEFAULT_RPC_OPTS, port: 0 },
      blockTimeMs: BLOCK_TIME_MS,
      allowEmptyBlocks: true,
      txRecovery: "main",
      executor: { kind: "parallel" },
    },
    { logger: createLogger({ level: "warn", format: "json" }) },
  );
  await node.start();
  const url = `http://127.0.0.1:${node.address.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${node.address.port}`);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let heads = 0;
  ws.on("message", () => heads++);
  ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));

  let nonce = 0n;
  let trafficAt = 0;
  let warmHeap = 0;
  let warmSpaces: Record<string, number> = {};
  const started = Date.now();
  const samples: string[] = [];
  const snapshots = new Set<number>();
  let nextSample = 1000;
  for (;;) {
    const height = Number(await rpc(url, "eth_blockNumber"));
    if (height >= trafficAt + TRAFFIC_EVERY) {
      trafficAt = height;
      const tx = createFeeMarket1559Tx(
        { chainId: 57710n, nonce, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n, gasLimit: 21_000n, to: RECIPIENT, value: 1n },
        { common },
      ).sign(KEY);
      nonce++;
      await rpc(url, "eth_sendRawTransaction", [bytesToHex(tx.serialize())]);
      await rpc(url, "eth_call", [{ from: SENDER, to: RECIPIENT, value: "0x1" }, "latest"]);
      await rpc(url, "eth_getLogs", [{ fromBlock: `0x${Math.max(0, height - 100).toString(16)}`, address: RECIPIENT }]);
      await rpc(url, "eth_getBlockByNumber", ["latest", true]);
    }
    if (warmHeap === 0 && height >= WARMUP) {
      warmHeap = heapMb();
      warmSpaces = heapSpaces();
      samples.push(`block ${height}: ${warmHeap.toFixed(1)} MB`);
    } else if (warmHeap !== 0 && height >= nextSample) {
      samples.push(`block ${height}: ${heapMb().toFixed(1)} MB`);
      nextSample += 1000;
    }
    const snapshotAt = [300, 900].find((at) => height >= at && !snapshots.has(at));
    if (process.env.SOAK_SNAPSHOTS !== undefined && snapshotAt !== undefined) {
      snapshots.add(snapshotAt);
      const { writeHeapSnapshot } = await import("node:v8");
      heapMb();
      console.error("snapshot", writeHeapSnapshot(`/tmp/soak-${snapshotAt}.heapsnapshot`));
    }
    if (height >= BLOCKS) break;
    await new Promise((r) => setTimeout(r, BLOCK_TIME_MS));
  }
  const finalHeight = Number(await rpc(url, "eth_blockNumber"));
  const finalHeap = heapMb();
  const finalSpaces = heapSpaces();
  ws.close();
  await node.stop();
  rmSync(datadir, { recursive: true, force: true });
  const growth = (finalHeap - warmHeap) / warmHeap;
  const report = {
    blocks: finalHeight,
    blockTimeMs: BLOCK_TIME_MS,
    transactions: Number(nonce),
    newHeadsReceived: heads,
    seconds: Math.round((Date.now() - started) / 1000),
    heapAfterWarmupMb: Number(warmHeap.toFixed(1)),
    heapAfterLastMb: Number(finalHeap.toFixed(1)),
    growthPercent: Number((growth * 100).toFixed(1)),
    perBlockKb: Number((((finalHeap - warmHeap) * 1024) / (finalHeight - WARMUP)).toFixed(2)),
    samples,
    spacesAfterWarmupMb: warmSpaces,
    spacesAfterLastMb: finalSpaces,
  };
  console.log(JSON.stringify(report, null, 2));
  if (growth > MAX_GROWTH) {
    console.error(`heap grew ${(growth * 100).toFixed(1)}% between block ${WARMUP} and block ${finalHeight} (limit ${MAX_GROWTH * 100}%)`);
    process.exitCode = 1;
  }
}

await main();
