import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { it } from "node:test";
import { loadNativeSecp256k1 } from "@eigenchain/chain";
import { chooseRecoveryMode } from "../../src/parallelPool.js";

it("recovery mode: explicit choices stand; auto recovers on the main thread only with native recovery on ≤ 2 cores", () => {
  for (const backend of ["native", "js"] as const) {
    assert.equal(chooseRecoveryMode("main", backend), "main");
    assert.equal(chooseRecoveryMode("worker", backend), "worker");
  }
  assert.equal(chooseRecoveryMode("auto", "js"), "worker");
  const nativeHere = loadNativeSecp256k1() !== null;
  assert.equal(chooseRecoveryMode("auto", "native"), nativeHere && availableParallelism() <= 2 ? "main" : "worker");
});
