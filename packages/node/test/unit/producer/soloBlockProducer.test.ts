import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { setImmediate as flushMicrotasks } from "node:timers/promises";
import type { Block } from "@eigenchain/chain";
import type { BlockBuilder } from "../../../src/chain/blockBuilder.js";
import type { ChainWriter } from "../../../src/chain/chainWriter.js";
import { createNoopLogger } from "../../../src/logger.js";
import { SoloBlockProducer } from "../../../src/producer/soloBlockProducer.js";
import type { BlockStore } from "../../../src/store/blockStore.js";
import { advance } from "./mockedTimers.js";

const START_MS = 5_000_000;

/** A producer over fakes whose builds take `buildMs` of (mocked) time; records when each build began. */
function createProducer(buildMs: number): { producer: SoloBlockProducer; buildsAt: number[] } {
  const head = { header: { number: 1n }, hash: () => new Uint8Array(32), transactions: [] } as unknown as Block;
  const buildsAt: number[] = [];
  const builder = {
    build: async () => {
      buildsAt.push(Date.now() - START_MS);
      await new Promise((resolve) => setTimeout(resolve, buildMs));
      return { block: head, result: { transactions: [], gasUsed: 0n, stats: { mode: "parallel" } } };
    },
  } as unknown as BlockBuilder;
  const producer = new SoloBlockProducer(
    { blockTimeMs: 1000, allowEmptyBlocks: true },
    {
      store: { getHead: () => head } as unknown as BlockStore,
      builder,
      mempool: { status: () => ({ pending: 0, queued: 0 }) } as never,
      chainWriter: { commit: async () => {} } as unknown as ChainWriter,
      logger: createNoopLogger(),
      metrics: null,
      clock: { monotonicMs: () => Date.now(), wallMs: () => Date.now() },
    },
  );
  return { producer, buildsAt };
}

/** Stops the producer, letting a build in flight finish on the mocked clock. */
async function stopAfterBuilds(producer: SoloBlockProducer): Promise<void> {
  const stopping = producer.stop();
  await advance(2000);
  await stopping;
}

describe("SoloBlockProducer's block clock", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: START_MS }));
  afterEach(() => mock.timers.reset());

  it("keeps its ticks on a fixed grid: a build's time does not delay the next tick", async () => {
    const { producer, buildsAt } = createProducer(300);
    producer.start();
    await advance(3100);
    await stopAfterBuilds(producer);
    assert.deepEqual(buildsAt, [1000, 2000, 3000]);
  });

  it("does not carry a late tick's delay into the ticks after it", async () => {
    const { producer, buildsAt } = createProducer(10);
    producer.start();
    mock.timers.tick(1040); // the timer fires 40 ms late, as under a busy event loop
    await flushMicrotasks();
    await advance(2000);
    await stopAfterBuilds(producer);
    assert.deepEqual(buildsAt, [1040, 2000, 3000]);
  });

  it("follows a block that outlasted the block time with the next one at once", async () => {
    const { producer, buildsAt } = createProducer(1500);
    producer.start();
    await advance(4100);
    await stopAfterBuilds(producer);
    // The next tick is a zero-delay timer, which the 5 ms steps of the mocked clock run up to 5 ms later.
    assert.equal(buildsAt.length, 3);
    assert.ok(buildsAt[1]! - 2500 <= 5 && buildsAt[2]! - buildsAt[1]! - 1500 <= 5, `builds at ${buildsAt}`);
  });
});
