// test-file-timeout: 600s
// The crash soak's short version for CI (`pnpm soak --kills 100` is the long one).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCrashSoak } from "./crashSoak.js";

describe("crash soak (short)", { timeout: 600_000 }, () => {
  // The 20 s rejoin bound is `pnpm soak`'s to report: beside other suites on a shared 2-core machine a
  // cold restart alone can take longer, so here a rejoin only has to happen (within the DSL's 2 minutes).
  it("three SIGKILLs under load: no fork, no double sign, no acknowledged transaction lost, every victim rejoins", async (t) => {
    const report = await runCrashSoak({ kills: 3, seed: 7 });
    assert.equal(report.forks, 0);
    assert.equal(report.doubleSigns, 0);
    assert.ok(report.acknowledged > 0, "no transaction was acknowledged");
    assert.equal(report.lostTransactions, 0);
    t.diagnostic(`slowest rejoin ${report.maxRejoinMs} ms, ${report.acknowledged} receipts checked on every node`);
  });
});
