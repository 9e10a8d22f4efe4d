// test-file-timeout: 600s
// Four validators under faults: one down keeps the chain going, two down halt it without a fork,
// restarted nodes catch up, a paused node resumes and catches up, a 2|2 partition halts and heals, a 3|1 partition leaves the three going, a wiped validator syncs back and signs again
// without ever double-signing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sleep, TestNetwork } from "./support/networkDsl.js";

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
    const admin = ["--rpc.admin"];
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 500, nodeArgs: { 0: admin, 1: admin, 2: admin, 3: admin } });
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

  it("a 2|2 partition: no blocks and no fork; healed, blocks resume within a bounded time", async () => {
    await partition(net, [0, 1], [2, 3]);
    await sleep(3000); // a height in flight may still land on both sides
    const cut = await Promise.all(net.nodes.map((n) => n.height()));
    await sleep(8000);
    assert.deepEqual(await Promise.all(net.nodes.map((n) => n.height())), cut, "blocks without more than 2/3 of the power");
    await net.assertSameChain(Math.min(...cut));
    const healedAt = Date.now();
    await heal(net);
    await net.waitForHeight(Math.max(...cut) + 2, 120_000);
    const resumeMs = Date.now() - healedAt;
    assert.ok(resumeMs < 60_000, `blocks resumed only after ${resumeMs} ms`);
    await net.assertSameChain(Math.max(...cut) + 2);
  });

  it("a 3|1 partition: the three go on; healed, the one catches up", async () => {
    await partition(net, [0, 1, 2], [3]);
    const cut = await net.node(0).height();
    await net.node(0).waitForHeight(cut + 4, 120_000);
    assert.ok((await net.node(3).height()) <= cut + 1, "the lone validator committed blocks on its own");
    await heal(net);
    const head = await net.node(0).height();
    await net.node(3).waitForHeight(head, 120_000);
    await net.assertSameChain(head);
  });

  it("a wiped validator syncs back and signs again, without ever double-signing", async () => {
    const wiped = 2;
    await net.node(wiped).stop();
    net.wipe(wiped);
    net.node(wiped).start();
    await net.node(wiped).waitUntilServing();
    const head = await net.node(0).height();
    await net.node(wiped).waitForHeight(head, 120_000);
    // Back in consensus: its signature is in the certificates of later blocks.
    let signed = false;
    for (let i = 0; i < 600 && !signed; i++) {
      const height = await net.node(0).height();
      const cert = await net.node(0).call<{ signers: string } | null>("eigen_getCommitCertificate", [`0x${height.toString(16)}`]);
      signed = cert !== null && (Number.parseInt(cert.signers.slice(2, 4), 16) & (1 << wiped)) !== 0;
      if (!signed) await sleep(200);
    }
    assert.ok(signed, "the wiped validator never signed a certificate again");
    for (const node of net.nodes) assert.deepEqual(await node.call("eigen_getEvidence"), [], `${node.name} saw a double sign`);
    await net.assertSameChain(await net.node(0).height());
  });
});

/** Every node of `a` refuses every node of `b` and the other way round (admin_setBlockedPeers). */
async function partition(net: TestNetwork, a: number[], b: number[]): Promise<void> {
  const ids = await Promise.all(net.nodes.map(async (node) => (await node.call<{ peerId: string }>("admin_nodeInfo")).peerId));
  for (const [mine, theirs] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const i of mine) await net.node(i).call("admin_setBlockedPeers", [theirs.map((j) => ids[j])]);
  }
}

async function heal(net: TestNetwork): Promise<void> {
  for (const node of net.nodes) await node.call("admin_setBlockedPeers", [[]]);
}
