// test-file-timeout: 600s
// The crash soak's short version for CI (`pnpm soak --kills 100` is the long one).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCrashSoak } from "./crashSoak.js";

describe("crash soak (short)", { timeout: 600_000 }, () => {
  it("three SIGKILLs under load: no fork, no double sign, no acknowledged transaction lost, rejoins within 20 s", async () => {
    const report = await runCrashSoak({ kills: 3, seed: 7 });
    assert.equal(report.forks, 0);
    assert.equal(report.doubleSigns, 0);
    assert.ok(report.acknowledged > 0, "no transaction was acknowledged");
    assert.equal(report.lostTransactions, 0);
    assert.equal(report.rejoinsOver20s, 0, `slowest rejoin ${report.maxRejoinMs} ms`);
  });
});
