/**
 * A dev-chain block built ahead of its tick (its store batch staged while the pool is quiet) is
 * committed at the tick like any other: readable, in the log as `builtAhead`, and on disk — a SIGKILL
 * right after its receipts are readable loses none of it.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { signTransfers } from "../perf/support/transferLoad.js";
import { DEV_KEYS, DEVNET_CHAIN_ID, getHeight, killAll, rpcCall, startNode, type TestNode } from "./support/nodeDsl.js";

/** Long enough that transfers sent just after a block are in well before the next tick's lead (half of it). */
const BLOCK_TIME_MS = 1000;
const TRANSFERS = 6;

after(killAll);

/** Sends every raw transaction in one JSON-RPC batch: they reach the pool together, so one build holds them all. */
async function sendBatch(node: TestNode, raws: string[]): Promise<string[]> {
  const response = await fetch(node.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(raws.map((raw, id) => ({ jsonrpc: "2.0", id, method: "eth_sendRawTransaction", params: [raw] }))),
  });
  const answers = (await response.json()) as { id: number; result?: string; error?: { message: string } }[];
  return answers
    .sort((a, b) => a.id - b.id)
    .map((answer) => {
      assert.equal(typeof answer.result, "string", `send refused: ${answer.error?.message}`);
      return answer.result as string;
    });
}

async function waitForReceipts(node: TestNode, hashes: string[]): Promise<{ blockNumber: string }[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const receipts = await Promise.all(hashes.map(async (hash) => (await rpcCall(node, "eth_getTransactionReceipt", [hash])).result));
    if (receipts.every((receipt) => receipt !== null && receipt !== undefined)) return receipts as { blockNumber: string }[];
    if (Date.now() > deadline) throw new Error("transfers were not mined within 30 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The producer's "Block produced" log line for a block number, parsed. */
function producedLine(node: TestNode, number: number): { txs: number; builtAhead: boolean } | undefined {
  for (const line of node.output().split("\n")) {
    if (!line.includes('"msg":"Block produced"')) continue;
    const entry = JSON.parse(line) as { number: number; txs: number; builtAhead: boolean };
    if (entry.number === number) return entry;
  }
  return undefined;
}

describe("a block built ahead of its tick", () => {
  it("is committed at the tick with its staged batch, and survives a SIGKILL right after", async () => {
    const raws = (await signTransfers([new Wallet(DEV_KEYS[0] as string)], TRANSFERS, DEVNET_CHAIN_ID)).map((t) => t.raw);
    const node = await startNode({ blockTimeMs: BLOCK_TIME_MS });
    // Just after a block: the next tick is ~1 s away, its build-ahead window opens half-way.
    const start = await getHeight(node);
    while ((await getHeight(node)) === start) await new Promise((r) => setTimeout(r, 5));
    const hashes = await sendBatch(node, raws);
    const receipts = await waitForReceipts(node, hashes);
    node.child.kill("SIGKILL");

    const blockNumber = Number(receipts[0]?.blockNumber);
    assert.ok(
      receipts.every((receipt) => Number(receipt.blockNumber) === blockNumber),
      "one block holds every transfer",
    );
    await new Promise((r) => (node.child.exitCode !== null || node.child.signalCode !== null ? r(undefined) : node.child.once("exit", r)));
    const produced = producedLine(node, blockNumber);
    assert.equal(produced?.txs, TRANSFERS);
    assert.equal(produced?.builtAhead, true, "the tick committed the block built (and staged) ahead of it");

    const restarted = await startNode({ ...node.startArgs });
    assert.ok((await getHeight(restarted)) >= blockNumber, "the head is at least the block built ahead");
    const block = (await rpcCall(restarted, "eth_getBlockByNumber", [`0x${blockNumber.toString(16)}`, false])).result as {
      transactions: string[];
    };
    assert.deepEqual(block.transactions, hashes);
    for (const hash of hashes) {
      const { result } = await rpcCall(restarted, "eth_getTransactionReceipt", [hash]);
      assert.equal((result as { status: string } | null)?.status, "0x1", `receipt of ${hash} after the restart`);
    }
  });
});
