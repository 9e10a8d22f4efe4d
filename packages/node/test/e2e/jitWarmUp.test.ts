/**
 * The start-up JIT warm-up (issue 12): a node started with --warmup.transfers first pushes that many
 * transfers through a throwaway chain of its own (RPC, pool, block production) and only then opens
 * its RPC. Nothing of the warm-up may reach the node's real chain, and its folder must be gone.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { createWarmUpSenders } from "../../src/warmUp/warmUpTransfers.js";
import { signTransfers } from "../perf/support/transferLoad.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, getHeight, killAll, rpcCall, startNode, waitUntilHeight } from "./support/nodeDsl.js";

after(killAll);

const WARM_UP_TRANSFERS = 300;

function logLines(output: string): { msg?: string; transfers?: number; datadir?: string }[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string });
}

describe("the start-up JIT warm-up", () => {
  it("runs before RPC opens and leaves nothing behind on the node's chain or disk", async () => {
    const node = await startNode({ blockTimeMs: 200, extraArgs: ["--warmup.transfers", String(WARM_UP_TRANSFERS)] });
    const lines = logLines(node.output());
    const done = lines.findIndex((line) => line.msg === "JIT warm-up done");
    assert.ok(done >= 0, `no "JIT warm-up done" in the log:\n${node.output()}`);
    assert.ok(done < lines.findIndex((line) => line.msg === "JSON-RPC listening"), "RPC opened before the warm-up ended");
    const { transfers, datadir } = lines[done] as { transfers: number; datadir: string };
    assert.equal(transfers, WARM_UP_TRANSFERS);
    assert.equal(existsSync(datadir), false, "the warm-up's chain folder is left behind");

    await waitUntilHeight(node, 2);
    for (let n = 0; n <= (await getHeight(node)); n++) {
      const { result } = await rpcCall(node, "eth_getBlockByNumber", [`0x${n.toString(16)}`, false]);
      assert.deepEqual((result as { transactions: string[] }).transactions, [], `block ${n} holds transactions`);
    }
    for (const sender of createWarmUpSenders(8)) {
      assert.equal((await rpcCall(node, "eth_getBalance", [sender.address, "latest"])).result, "0x0");
      assert.equal((await rpcCall(node, "eth_getTransactionCount", [sender.address, "pending"])).result, "0x0");
    }
    assert.deepEqual((await rpcCall(node, "txpool_status")).result, { pending: "0x0", queued: "0x0" });
    // The real node's process metrics are there (the throwaway node installs none of its own).
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    assert.match(metrics, /^process_cpu_user_seconds_total /m);
    assert.match(metrics, /^eigen_mempool_/m);

    // And the node's own chain takes a transfer as usual.
    const [transfer] = await signTransfers([new Wallet(DEV_KEYS[0] as string)], 1, DEVNET_CHAIN_ID);
    const { result: hash } = await rpcCall(node, "eth_sendRawTransaction", [transfer?.raw]);
    assert.equal(hash, transfer?.hash);
    const deadline = Date.now() + 30_000;
    while ((await rpcCall(node, "eth_getTransactionReceipt", [hash])).result === null) {
      assert.ok(Date.now() < deadline, "the transfer was not mined");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal((await rpcCall(node, "eth_getTransactionCount", [DEV_ADDRESSES[0], "latest"])).result, "0x1");
  });
});
