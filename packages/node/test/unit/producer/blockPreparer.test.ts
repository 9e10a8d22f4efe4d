import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { setImmediate as flushMicrotasks } from "node:timers/promises";
import type { Block } from "@eigenchain/chain";
import { createNoopLogger } from "../../../src/logger.js";
import { BlockPreparer } from "../../../src/producer/blockPreparer.js";
import { advance } from "./mockedTimers.js";

/** A head that only has what the preparer reads: its hash. */
const headNumbered = (n: number) => ({ hash: () => new Uint8Array(32).fill(n) }) as unknown as Block;
/** The wall clock at the start of every case: 1,000.5 s, so a tick 1,000 ms on falls in second 1,001. */
const START_WALL_MS = 1_000_500;
const LATE_ENOUGH = 10n ** 12n;

interface Build {
  parent: Block;
  timestamp: bigint;
  done: boolean;
  discarded: boolean;
}

interface Harness {
  preparer: BlockPreparer<Build>;
  builds: Build[];
  setPending(n: number): void;
}

/** A preparer over fakes: builds take `buildMs` of (mocked) time; 400 ms lead, 20 ms quiet. */
function createHarness(buildMs = 50, maxPerInterval = 3): Harness {
  const head = headNumbered(1);
  let pending = 1;
  const builds: Harness["builds"] = [];
  const preparer = new BlockPreparer(
    { leadMs: 400, quietMs: 20, maxPerInterval },
    {
      getHead: () => head,
      build: (parent, timestamp) => {
        const record = { parent, timestamp, done: false, discarded: false };
        builds.push(record);
        return new Promise<Build>((resolve) =>
          setTimeout(() => {
            record.done = true;
            resolve(record);
          }, buildMs),
        );
      },
      discard: async (build) => {
        assert.equal(build.discarded, false, "a build is released once");
        build.discarded = true;
      },
      mempool: { status: () => ({ pending, queued: 0 }) },
      logger: createNoopLogger(),
      clock: { monotonicMs: () => Date.now(), wallMs: () => Date.now() },
    },
  );
  return { preparer, builds, setPending: (n) => (pending = n) };
}

describe("BlockPreparer", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: START_WALL_MS }));
  afterEach(() => mock.timers.reset());

  it("builds the next block once the pool is quiet within the lead, at the tick's timestamp; the tick takes it", async () => {
    const { preparer, builds } = createHarness();
    preparer.onTickScheduled(1000); // tick at wall 1,001.5 s
    preparer.onArrival();
    await advance(500);
    assert.equal(builds.length, 0, "not before the lead");
    await advance(100); // 400 ms before the tick, quiet for 600 ms
    assert.equal(builds.length, 1);
    assert.equal(builds[0]?.timestamp, 1001n);
    await advance(50);
    const taken = await preparer.take(headNumbered(1), LATE_ENOUGH);
    assert.ok(taken !== undefined && builds[0]?.done);
    assert.equal(taken, builds[0]);
    await preparer.stop();
    assert.equal(taken.discarded, false, "the block the tick took is the producer's to commit, not released");
  });

  it("does not build while transactions keep arriving", async () => {
    const { preparer, builds } = createHarness();
    preparer.onTickScheduled(1000);
    for (let t = 0; t < 1000; t += 10) {
      preparer.onArrival();
      await advance(10);
    }
    assert.equal(builds.length, 0);
  });

  it("gives the tick nothing when a transaction arrived after the build, but only once that build finished", async () => {
    const { preparer, builds } = createHarness();
    preparer.onTickScheduled(1000);
    preparer.onArrival();
    await advance(600);
    assert.equal(builds.length, 1);
    await advance(10);
    preparer.onArrival(); // while the build runs: its block lacks this one
    const taking = preparer.take(headNumbered(1), LATE_ENOUGH);
    await advance(40);
    assert.equal(await taking, undefined);
    assert.equal(builds[0]?.done, true, "the executor is free when the tick builds");
    assert.equal(builds.length, 1, "nothing more is built until the next tick is scheduled");
    await flushMicrotasks();
    assert.equal(builds[0]?.discarded, true, "the stale build's staged write is released");
  });

  it("builds again after a later arrival goes quiet, at most maxPerInterval times", async () => {
    const { preparer, builds } = createHarness(5, 2);
    preparer.onTickScheduled(1000);
    for (let i = 0; i < 4; i++) {
      preparer.onArrival();
      await advance(50);
    }
    assert.equal(builds.length, 0);
    await advance(550); // 400 ms before the tick
    assert.equal(builds.length, 1);
    preparer.onArrival();
    await advance(30);
    assert.equal(builds.length, 2);
    assert.equal(builds[0]?.discarded, true, "the build the arrival made stale is released");
    preparer.onArrival();
    await advance(30);
    assert.equal(builds.length, 2, "the interval's builds are spent");
    await preparer.stop();
    assert.equal(builds[1]?.discarded, true, "a build no tick took is released at stop");
  });

  it("gives the tick nothing when the head moved, when nothing was pending, or when the block would be from the future", async () => {
    const moved = createHarness();
    moved.preparer.onTickScheduled(1000);
    moved.preparer.onArrival();
    await advance(700);
    assert.equal(moved.builds.length, 1);
    assert.equal(await moved.preparer.take(headNumbered(2), LATE_ENOUGH), undefined);
    await flushMicrotasks();
    assert.equal(moved.builds[0]?.discarded, true);

    const empty = createHarness();
    empty.setPending(0);
    empty.preparer.onTickScheduled(1000);
    empty.preparer.onArrival();
    await advance(700);
    assert.equal(empty.builds.length, 0);

    const early = createHarness();
    early.preparer.onTickScheduled(1000);
    early.preparer.onArrival();
    await advance(700);
    assert.equal(await early.preparer.take(headNumbered(1), 1000n), undefined, "its timestamp (1,001) is after the tick's clock");
  });
});
