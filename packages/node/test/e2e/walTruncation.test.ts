// test-file-timeout: 600s
// Jepsen's truncated-WAL fault: a validator killed with SIGKILL, the tail of its consensus.wal cut
// mid-record, restarted. It recovers cleanly (the torn record is cut off, with a warning naming the file) and never double-signs.
import assert from "node:assert/strict";
import { statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sleep, TestNetwork } from "./support/networkDsl.js";

const VICTIM = 1;
/** Bytes cut off the WAL's end: less than one record (each is over a hundred bytes), so the last one is torn. */
const CUT_BYTES = 5;

interface RpcEvidence {
  validator: string;
}

/** Waits until the file holds at least `bytes` bytes, polling; throws after `timeoutMs`. */
async function waitForFileBytes(path: string, bytes: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) < bytes) {
    if (Date.now() > deadline) throw new Error(`${path} did not reach ${bytes} bytes in ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe("a validator restarted on a WAL whose tail was cut", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 500 });
    await net.waitForHeight(3, 120_000);
  });

  after(async () => {
    await net?.close();
  });

  it("recovers cleanly, rejoins with the same chain, and signs nothing conflicting", async () => {
    const victim = net.node(VICTIM);
    const walPath = join(victim.info.dir, "consensus.wal");
    const { validators } = await net.node(0).call<{ validators: { address: string }[] }>("eigen_validators");
    const culprit = validators[VICTIM]?.address ?? "";
    // The WAL is pruned at each commit, so on a running chain it is empty most of the time: halt the
    // chain (two of the four frozen), let the victim write its records of the height in progress, kill it.
    const frozen = [2, 3].map((i) => net.node(i));
    for (const node of frozen) node.pause();
    await sleep(1000); // a height decided just before the freeze commits (and prunes the WAL) first
    await waitForFileBytes(walPath, CUT_BYTES + 1, 60_000);
    await victim.stop("SIGKILL");
    const size = statSync(walPath).size;
    assert.ok(size > CUT_BYTES, `the WAL held ${size} bytes at the kill`);
    truncateSync(walPath, size - CUT_BYTES);
    const heightBefore = await net.node(0).height();
    for (const node of frozen) node.resume();
    victim.start();
    await victim.waitUntilServing(); // a refusal to start would throw here with the node's last lines
    const warning = victim
      .output()
      .split("\n")
      .find((line) => line.includes("Consensus WAL ended in a torn record"));
    assert.match(warning ?? "", /"file":"[^"]*consensus\.wal"/, "no warning naming consensus.wal");
    // The height in progress at the kill is followed without signing (a vote there may have been cut off).
    assert.match(warning ?? "", /"notSigningUpToHeight":\d+/);
    await net.waitForHeight(heightBefore + 4, 180_000);
    assert.ok(victim.running);
    await net.assertSameChain(heightBefore + 4);
    for (const i of [0, 2, 3]) {
      const evidence = await net.node(i).call<RpcEvidence[]>("eigen_getEvidence", [culprit]);
      assert.deepEqual(evidence, [], `${net.node(i).name} holds double-sign evidence against the restarted validator`);
    }
  });
});
