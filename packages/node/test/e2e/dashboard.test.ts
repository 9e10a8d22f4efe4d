// test-file-timeout: 240s
// The dashboard in a real browser: headless Chromium opens node0's /dashboard/ on a two-validator network after a block of transfers and finds that block, its transactions and its per-worker timeline.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { id, Wallet } from "ethers";
import type { TestBrowser } from "./support/browser.js";
import { launchBrowser } from "./support/browser.js";
import { sleep, TestNetwork } from "./support/networkDsl.js";
import { DEVNET_CHAIN_ID, REPO_ROOT } from "./support/nodeDsl.js";

/** Senders, one transfer each to a fresh recipient: independent, so the block runs in parallel (≥ 32 txs, see MIN_PARALLEL_TXS). */
const TRANSFERS = 40;
/** Where the screenshot goes (git-ignored). */
const OUTPUT_DIR = join(REPO_ROOT, "test-output", "dashboard");

interface BlockExecutionJson {
  mode: string;
  timeline: { transactionHash: string; worker: number }[];
}

const senders = Array.from({ length: TRANSFERS }, (_, i) => new Wallet(id(`dashboard sender ${i}`)));
const recipients = Array.from({ length: TRANSFERS }, (_, i) => new Wallet(id(`dashboard recipient ${i}`)).address);

async function signTransfers(): Promise<string[]> {
  return Promise.all(
    senders.map((wallet, i) =>
      wallet.signTransaction({
        type: 2,
        chainId: DEVNET_CHAIN_ID,
        nonce: 0,
        to: recipients[i]!,
        value: 1_000_000_000_000_000n,
        gasLimit: 21_000,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      }),
    ),
  );
}

describe("the dashboard of a running network, in headless Chromium", { timeout: 230_000 }, () => {
  let net: TestNetwork;
  let browser: TestBrowser | undefined;

  before(async () => {
    const extraAlloc = Object.fromEntries(senders.map((w) => [w.address.toLowerCase(), 10n ** 19n]));
    // node0 gets two executor workers so the timeline has lanes; browsers may open WebSockets to both nodes (as on a devnet).
    net = await TestNetwork.start({
      validators: 2,
      blockTimeMs: 500,
      extraAlloc,
      nodeArgs: { 0: ["--executor.workers", "2", "--ws.origins", "*"], 1: ["--ws.origins", "*"] },
    });
  });

  after(async () => {
    await browser?.close();
    await net?.close();
  });

  it("shows the block of the sent transfers, their hashes and the block's worker timeline", async () => {
    const node0 = net.node(0);
    const node1 = net.node(1);
    await net.waitForHeight(1);
    // The page is open before the transfers are sent: what it shows of them arrives live over its WebSocket.
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    await page.goto(`${node0.url}/dashboard/?nodes=${node1.info.rpcPort}`);
    await page.locator("#blocks tbody tr[data-hash]").first().waitFor({ timeout: 20_000 });
    const raws = await signTransfers();
    // One JSON-RPC batch, so the transfers reach the pool together and share a block.
    const response = await fetch(node0.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(raws.map((raw, i) => ({ jsonrpc: "2.0", id: i, method: "eth_sendRawTransaction", params: [raw] }))),
    });
    const answers = (await response.json()) as { result?: string; error?: { message: string } }[];
    const hashes = answers.map((a) => {
      assert.equal(a.error, undefined, a.error?.message);
      return a.result!;
    });

    // Every transfer lands; the block holding most of them is the one to look at.
    const blockOf = new Map<string, string>();
    // node0 starts its two executor workers at the first big block: on a loaded 2-core machine that took 15–30 s.
    const deadline = Date.now() + 60_000;
    while (blockOf.size < hashes.length) {
      assert.ok(
        Date.now() < deadline,
        `only ${blockOf.size} of ${hashes.length} transfers were included within 60 s; node0's log ends:\n${node0.output().slice(-4000)}`,
      );
      for (const hash of hashes.filter((h) => !blockOf.has(h))) {
        const receipt = await node0.call<{ blockHash: string } | null>("eth_getTransactionReceipt", [hash]);
        if (receipt !== null) blockOf.set(hash, receipt.blockHash);
      }
      if (blockOf.size < hashes.length) await sleep(250);
    }
    const counts = new Map<string, number>();
    for (const b of blockOf.values()) counts.set(b, (counts.get(b) ?? 0) + 1);
    const [blockHash] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const sentInBlock = hashes.filter((h) => blockOf.get(h) === blockHash);
    const execution = await node0.call<BlockExecutionJson | null>("eigen_getBlockExecution", [blockHash]);
    assert.ok(execution !== null, "node0 remembers how it executed the block");
    for (const h of sentInBlock)
      assert.ok(
        execution.timeline.some((t) => t.transactionHash === h),
        `timeline has ${h}`,
      );

    // The block list shows the block; selecting it fills the detail from eigen_getBlockExecution.
    const blockRow = page.locator(`#blocks tbody tr[data-hash="${blockHash}"]`);
    await blockRow.waitFor({ timeout: 20_000 });
    assert.equal(await blockRow.getAttribute("data-txs"), String(counts.get(blockHash)));
    await blockRow.click();
    const sent = sentInBlock[0]!;
    const txRow = page.locator(`#transactions tbody tr[data-tx="${sent}"]`);
    await txRow.waitFor({ timeout: 10_000 });
    assert.equal(await page.locator("#transactions tbody tr[data-tx]").count(), counts.get(blockHash));
    const title = await txRow.locator("td").nth(1).getAttribute("title");
    assert.equal(title, sent, "the row shows the sent transaction's hash");
    const worker = await txRow.locator("td").nth(5).textContent();
    assert.match(worker ?? "", /^(worker \d+|main thread)$/, "the transaction's worker comes from the timeline");

    // The Gantt chart drew one bar per execution of the block.
    const bars = await page.locator("#timeline-chart").getAttribute("data-bars");
    assert.equal(Number(bars), execution.timeline.length);
    assert.ok(execution.timeline.length >= sentInBlock.length);
    await page.locator("#votes tbody tr").first().waitFor({ timeout: 10_000 });
    await page.locator('#peers [data-node="this node"] .mono').first().waitFor({ timeout: 10_000 });

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, "dashboard.png") });
    assert.deepEqual(pageErrors, []);
  });
});
