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
    // Kill at a moment the WAL holds records of the height in progress (it is pruned at each commit).
    let size = 0;
    for (let attempt = 0; attempt < 20 && size <= CUT_BYTES; attempt++) {
      if (attempt > 0) {
        victim.start();
        await victim.waitUntilServing();
        await sleep(1500);
      }
      await victim.stop("SIGKILL");
      size = statSync(walPath).size;
    }
    assert.ok(size > CUT_BYTES, `the WAL held ${size} bytes at every kill`);
    truncateSync(walPath, size - CUT_BYTES);
    const heightBefore = await net.node(0).height();
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
