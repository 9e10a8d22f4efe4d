import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TestNode } from "./support/nodeDsl.js";
import { DEV_ADDRESSES, killAll, rpcCall, startNode, stopNode, waitUntilHeight } from "./support/nodeDsl.js";

const BLOCK_TIME_MS = 1000;
/** Creation code that loops forever: JUMPDEST, PUSH1 0, JUMP. */
const LOOP = "0x5b600056";

interface RpcAnswer {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string };
}

async function post(node: TestNode, body: unknown): Promise<unknown> {
  const response = await fetch(node.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return response.json();
}

/** When the node produced each block, from its own log lines (`time` is milliseconds). */
function blockTimes(node: TestNode): { number: number; time: number }[] {
  return node
    .output()
    .split("\n")
    .filter((line) => line.includes('"msg":"Block produced"'))
    .map((line) => JSON.parse(line) as { number: number; time: number })
    .map(({ number, time }) => ({ number, time }));
}

function addresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
}

describe("heavy RPC requests do not stall block production", () => {
  let node: TestNode;

  before(async () => {
    node = await startNode({
      blockTimeMs: BLOCK_TIME_MS,
      // A short EVM limit and queue keep the test short; the defaults are 5 s and 256.
      extraArgs: ["--rpc.evmtimeout", "1s", "--rpc.heavy-queue", "3"],
    });
    await waitUntilHeight(node, 3);
    // Once each before measuring: the call worker has started (a cold start on a busy machine takes
    // seconds) and the paths are compiled.
    assert.equal((await rpcCall(node, "eth_call", [{ from: DEV_ADDRESSES[0], to: DEV_ADDRESSES[1], value: "0x1" }])).result, "0x");
    assert.ok(Array.isArray((await rpcCall(node, "eth_getLogs", [{ fromBlock: "0x0", address: addresses(10) }])).result));
  });

  after(async () => {
    if (node !== undefined) await stopNode(node);
    await killAll();
  });

  it("many-address getLogs, a batch of looping eth_calls and executeBatch: answered or refused clearly, no block late", async () => {
    const loadStart = Date.now();
    const logQueries = Promise.all(
      [0, 1, 2].map((i) => rpcCall(node, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest", address: addresses(1000 - i) }])),
    );
    const tooManyAddresses = rpcCall(node, "eth_getLogs", [{ fromBlock: "0x0", address: addresses(10_000) }]);
    const loopingCalls = post(
      node,
      Array.from({ length: 40 }, (_, id) => ({
        jsonrpc: "2.0",
        id,
        method: "eth_call",
        params: [{ from: DEV_ADDRESSES[0], data: LOOP, gas: "0x2faf080" }, "latest"],
      })),
    ) as Promise<RpcAnswer[]>;
    const estimate = rpcCall(node, "eth_estimateGas", [{ from: DEV_ADDRESSES[0], data: LOOP }]);
    const dryRun = rpcCall(node, "parallel_executeBatch", []);
    const [logs, refusedLogs, calls, estimated, batch] = await Promise.all([logQueries, tooManyAddresses, loopingCalls, estimate, dryRun]);
    const loadEnd = Date.now();
    // Let one more block land after the load so the last interval is measured too.
    await new Promise((r) => setTimeout(r, 2 * BLOCK_TIME_MS));

    for (const answer of logs) assert.ok(Array.isArray(answer.result), JSON.stringify(answer.error));
    assert.equal(refusedLogs.error?.code, -32602);
    assert.match(refusedLogs.error?.message ?? "", /exceed max addresses/);

    // Each looping call ended at the time limit or out of gas, or was refused as busy at once.
    assert.equal(calls.length, 40);
    const outcomes = calls.map((c) => {
      if (c.error?.code === -32005) return "busy";
      if (c.error?.code === -32000 && /execution aborted \(timeout = 1s\)|out of gas/.test(c.error.message)) return "limited";
      return `unexpected ${JSON.stringify(c)}`;
    });
    assert.deepEqual(
      outcomes.filter((o) => o !== "busy" && o !== "limited"),
      [],
    );
    assert.ok(outcomes.includes("busy"), "the queue refused some");
    assert.ok(outcomes.includes("limited"), "some ran to a limit");
    assert.ok(
      estimated.error?.code === -32000 || estimated.error?.code === -32005,
      `estimateGas of an endless loop: ${JSON.stringify(estimated)}`,
    );
    assert.equal(batch.error?.code, -32601, "parallel_executeBatch is off without --parallel.allow-config");

    // From the last block before the load to the first one after it.
    const all = blockTimes(node);
    const first = Math.max(0, all.findIndex((b) => b.time >= loadStart) - 1);
    const afterLoad = all.findIndex((b) => b.time > loadEnd);
    const times = all.slice(first, afterLoad === -1 ? all.length : afterLoad + 1);
    assert.ok(times.length >= 3, `blocks during the load: ${JSON.stringify(times)}`);
    const intervals = times.slice(1).map((b, i) => b.time - times[i]!.time);
    const worst = Math.max(...intervals);
    process.stdout.write(`# load ${loadEnd - loadStart} ms, ${times.length} blocks, intervals ${intervals.join(", ")} ms\n`);
    assert.ok(worst <= 1.5 * BLOCK_TIME_MS, `a block interval of ${worst} ms (limit ${1.5 * BLOCK_TIME_MS}): ${intervals.join(", ")}`);
  });

  it("one WebSocket connection gets at most 1,000 subscriptions by default", async () => {
    // The slow-reader drop and the connection cap are tested with small limits in
    // unit/rpc/rpcServer.test.ts; here the node's default refuses subscription 1,001.
    const { default: WebSocket } = await import("ws");
    const ws = new WebSocket(node.wsUrl);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    try {
      const answers = await new Promise<RpcAnswer[]>((resolve) => {
        const got: RpcAnswer[] = [];
        ws.on("message", (data) => {
          const msg = JSON.parse(String(data)) as RpcAnswer;
          if (msg.id === undefined) return;
          got.push(msg);
          if (got.length === 1001) resolve(got);
        });
        for (let id = 0; id < 1001; id++) ws.send(JSON.stringify({ jsonrpc: "2.0", id, method: "eth_subscribe", params: ["newHeads"] }));
      });
      const refused = answers.filter((a) => a.error !== undefined);
      assert.equal(refused.length, 1);
      assert.equal(refused[0]?.error?.code, -32005);
    } finally {
      ws.terminate();
    }
  });
});
