// test-file-timeout: 600s
// Four validators under crash faults: one down keeps the chain going, two down halt it without a fork,
// restarted nodes catch up, a paused node resumes and catches up.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TestNetwork, sleep } from "./support/networkDsl.js";

/** Longest wait for the next block with one validator down: its rounds time out (propose 3 s + growth). */
const MAX_GAP_ONE_DOWN_MS = 20_000;

async function maxGapWhileGrowing(net: TestNetwork, blocks: number): Promise<number> {
  const node = net.node(0);
  let last = await node.height();
  let lastAt = Date.now();
  let maxGap = 0;
  const target = last + blocks;
  while (last < target) {
    await sleep(100);
    const height = await node.height();
    if (height > last) {
      maxGap = Math.max(maxGap, Date.now() - lastAt);
      last = height;
      lastAt = Date.now();
    } else if (Date.now() - lastAt > 3 * MAX_GAP_ONE_DOWN_MS) {
      throw new Error(`no block for ${Date.now() - lastAt} ms at height ${height}`);
    }
  }
  return maxGap;
}

describe("crash faults in a four-validator network", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 500 });
    await net.waitForHeight(3, 120_000);
  });

  after(async () => {
    await net?.close();
  });

  it("one validator killed: blocks keep coming, with gaps no longer than a few timeouts", async () => {
    await net.node(3).stop("SIGKILL");
    const maxGap = await maxGapWhileGrowing(net, 6);
    assert.ok(maxGap <= MAX_GAP_ONE_DOWN_MS, `a gap of ${maxGap} ms`);
  });

  it("two validators killed: the chain halts and the survivors agree", async () => {
    await net.node(2).stop("SIGKILL");
    await sleep(2000); // a height already decided by the others may still land
    const halted = await net.node(0).height();
    await sleep(8000);
    assert.equal(await net.node(0).height(), halted, "blocks without more than 2/3 of the power");
    assert.equal(await net.node(1).height(), halted);
    await net.assertSameChain(halted);
  });

  it("both restarted: the chain resumes and they catch up", async () => {
    const halted = await net.node(0).height();
    for (const i of [2, 3]) net.node(i).start();
    await Promise.all([2, 3].map((i) => net.node(i).waitUntilServing()));
    await net.waitForHeight(halted + 3, 120_000);
    await net.assertSameChain(halted + 3);
  });

  it("one validator paused for 10 s, then resumed, catches up", async () => {
    net.node(1).pause();
    await sleep(10_000);
    net.node(1).resume();
    const head = await net.node(0).height();
    await net.node(1).waitForHeight(head + 1, 120_000);
    await net.waitForHeight(head + 2, 120_000);
    await net.assertSameChain(head + 2);
  });
});
