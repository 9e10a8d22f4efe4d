// The sequential executor's per-transaction timeline (the dashboard's Gantt for blocks that ran on one thread).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSequentialExecutor, createStateStore } from "../../src/index.js";
import { common, createAccount, createEnv, createGenesis, createMemoryDb, signTx } from "../utils/fixtures.js";

const alice = createAccount(0);
const bob = createAccount(1);

describe("sequential executor stats: a timeline entry per executed transaction", () => {
  it("records thread, index and wall-clock start/end in block order, and their sum as the sequential estimate", async () => {
    const store = await createStateStore({ db: createMemoryDb() }, { common });
    const root = await store.buildGenesis(createGenesis({ [alice.hex]: { balance: 10n ** 20n } }));
    const executor = createSequentialExecutor({}, { stateStore: store, common });
    const txs = [0n, 1n, 2n].map((nonce) => signTx(alice, { nonce, to: bob.address, value: 1n }));
    const before = Date.now();
    const result = await executor.executeBlock(root, createEnv(), txs);
    const after = Date.now();
    const timeline = result.stats.timeline ?? [];
    assert.deepEqual(
      timeline.map((t) => [t.worker, t.index, t.incarnation]),
      [
        [-1, 0, 0],
        [-1, 1, 0],
        [-1, 2, 0],
      ],
    );
    for (const [i, t] of timeline.entries()) {
      // Absolute epoch milliseconds, like the parallel executor's workers report.
      assert.ok(t.startMs >= before - 1 && t.endMs <= after + 1 && t.startMs <= t.endMs, `entry ${i} within the call`);
      if (i > 0) assert.ok(t.startMs >= timeline[i - 1]!.endMs, "one after another");
    }
    const sum = timeline.reduce((s, t) => s + (t.endMs - t.startMs), 0);
    assert.ok(Math.abs((result.stats.sequentialEstimateMs ?? -1) - sum) < 0.01);
    await executor.close();
    await store.close();
  });
});
