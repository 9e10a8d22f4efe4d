import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createNodeMetrics } from "../../../src/metrics.js";
import { RPC_ERROR_CODE, RpcError } from "../../../src/rpc/errors.js";
import { BUSY_MESSAGE, HeavyRequestQueue } from "../../../src/rpc/heavyRequestQueue.js";

function createGate() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open };
}

describe("HeavyRequestQueue", () => {
  it("runs at most `concurrency` jobs at once, in arrival order, and refuses one past the queue as busy", async () => {
    const register = new Registry();
    const queue = new HeavyRequestQueue({ concurrency: 2, maxQueued: 2 }, createNodeMetrics(register));
    const { gate, open } = createGate();
    const started: number[] = [];
    const jobs = [0, 1, 2, 3].map((i) =>
      queue.run(async () => {
        started.push(i);
        await gate;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(started, [0, 1]);
    assert.equal(queue.active, 2);
    assert.equal(queue.length, 2);
    await assert.rejects(
      queue.run(async () => 99),
      (err: unknown) => err instanceof RpcError && err.code === RPC_ERROR_CODE.LIMIT_EXCEEDED && err.message === BUSY_MESSAGE,
    );
    open();
    assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3]);
    assert.deepEqual(started, [0, 1, 2, 3]);
    assert.equal(queue.active, 0);
    assert.equal(queue.length, 0);
    const metrics = await register.metrics();
    assert.match(metrics, /eigen_node_rpc_heavy_dropped_total 1/);
    assert.match(metrics, /eigen_node_rpc_heavy_wait_seconds_count 4/);
    assert.match(metrics, /eigen_node_rpc_heavy_job_seconds_count 4/);
  });

  it("a failing job frees its slot", async () => {
    const queue = new HeavyRequestQueue({ concurrency: 1, maxQueued: 0 });
    await assert.rejects(
      queue.run(async () => Promise.reject(new Error("boom"))),
      /boom/,
    );
    assert.equal(await queue.run(async () => "next"), "next");
  });
});
