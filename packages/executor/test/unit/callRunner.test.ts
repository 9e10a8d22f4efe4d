import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockEnv, BlockExecutor, CallRunner, StateStore } from "../../src/index.js";
import { createCallRunner, createSequentialExecutor, createStateStore } from "../../src/index.js";
import { COUNTER_ADDR, createWorld, TOKEN_ADDR } from "../utils/blocks.js";
import { common, createEnv, createMemoryDb, deployCode, LOOP, tokenTransferData } from "../utils/fixtures.js";

/** The largest gap between ticks of a 10 ms interval while `work` runs: how long this thread stalled. */
async function measureStall<T>(work: () => Promise<T>): Promise<{ result: T; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 10);
  try {
    return { result: await work(), maxGapMs };
  } finally {
    clearInterval(timer);
  }
}

describe("call runner: eth_call off the main thread, with a time limit", () => {
  const world = createWorld(4);
  const [alice, bob] = world.users as [(typeof world.users)[0], (typeof world.users)[0]];
  const env: BlockEnv = createEnv();
  let store: StateStore;
  let root: Uint8Array;
  let reference: BlockExecutor;
  let runner: CallRunner;

  before(async () => {
    store = await createStateStore({ db: createMemoryDb() }, { common });
    root = await store.buildGenesis(world.genesis);
    reference = createSequentialExecutor({}, { stateStore: store, common });
    runner = createCallRunner({ workers: 1, timeoutMs: 5000 }, { stateStore: store, common });
  });

  after(async () => {
    await runner.close();
    await reference.close();
    await store.close();
  });

  const requests = [
    {
      desc: "a token transfer (storage reads and writes, a log)",
      request: () => ({ from: alice.address, to: TOKEN_ADDR, data: tokenTransferData(bob.address, 5n) }),
    },
    { desc: "the counter contract (code read through the main thread)", request: () => ({ to: COUNTER_ADDR }) },
    { desc: "a plain value transfer", request: () => ({ from: alice.address, to: bob.address, value: 7n }) },
    { desc: "contract creation", request: () => ({ from: alice.address, data: deployCode(LOOP.slice(0, 1)) }) },
  ];
  for (const { desc, request } of requests) {
    it(`gives the reference executor's answer: ${desc}`, async () => {
      const want = await reference.call(root, env, request());
      const got = await runner.call(root, env, request());
      assert.equal(bytesToHex(got.returnData), bytesToHex(want.returnData));
      assert.equal(got.gasUsed, want.gasUsed);
      assert.equal(got.error, want.error);
      assert.equal(got.reverted, want.reverted);
    });
  }

  it("ends an endless loop at the time limit with geth's text, and this thread keeps ticking meanwhile", async () => {
    // Creation code that loops forever (JUMPDEST; PUSH1 0; JUMP) at the 50M gas cap.
    const { result, maxGapMs } = await measureStall(() =>
      runner.call(root, env, { from: alice.address, data: LOOP, gas: 50_000_000n }, { timeoutMs: 400 }),
    );
    assert.equal(result.error, "execution aborted (timeout = 400ms)");
    assert.equal(result.reverted, false);
    assert.ok(maxGapMs < 200, `main thread stalled ${maxGapMs.toFixed(0)} ms`);
    // A fresh worker serves the next call.
    const next = await runner.call(root, env, { from: alice.address, to: bob.address, value: 1n });
    assert.equal(next.error, undefined);
    assert.equal(next.gasUsed, 21_000n);
  });

  it("runs an endless loop to its gas limit without stalling this thread", async () => {
    const { result, maxGapMs } = await measureStall(() => runner.call(root, env, { from: alice.address, data: LOOP, gas: 2_000_000n }));
    assert.match(result.error ?? "", /out of gas/);
    assert.ok(maxGapMs < 200, `main thread stalled ${maxGapMs.toFixed(0)} ms`);
  });

  it("queues calls beyond its workers and answers each", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => runner.call(root, env, { from: alice.address, to: bob.address, value: BigInt(i + 1) })),
    );
    assert.deepEqual(
      results.map((r) => r.gasUsed),
      Array(6).fill(21_000n),
    );
  });

  it("refuses an unknown state root and, once closed, every call", async () => {
    await assert.rejects(runner.call(new Uint8Array(32).fill(9), env, { to: bob.address }));
    const closing = createCallRunner({ workers: 1 }, { stateStore: store, common });
    const pending = closing.call(root, env, { from: alice.address, data: LOOP, gas: 50_000_000n }).then(
      () => new Error("resolved"),
      (err: unknown) => err as Error,
    );
    await new Promise((r) => setTimeout(r, 50));
    await closing.close();
    assert.match((await pending).message, /closed/);
    await assert.rejects(closing.call(root, env, { to: bob.address }), /closed/);
  });

  it("workers: 0 runs calls on this thread with the same answers", async () => {
    const here = createCallRunner({ workers: 0 }, { stateStore: store, common });
    try {
      const request = { from: alice.address, to: TOKEN_ADDR, data: tokenTransferData(bob.address, 5n) };
      const got = await here.call(root, env, request);
      const want = await reference.call(root, env, request);
      assert.equal(got.gasUsed, want.gasUsed);
      assert.equal(bytesToHex(got.returnData), bytesToHex(want.returnData));
    } finally {
      await here.close();
    }
  });
});
