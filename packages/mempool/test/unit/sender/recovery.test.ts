import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createChainCommon } from "@eigenchain/chain";
import { createTxFromRLP } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes, bytesToHex } from "@ethereumjs/util";
import type { RecoveryJob } from "../../../src/index.js";
import {
  createEcrecover,
  createParallelPool,
  isNativeAvailable,
  MainThreadSenderRecoverer,
  WorkerPoolSenderRecoverer,
} from "../../../src/index.js";
import { MemoryPoolState } from "../../../src/testUtils/memoryState.js";
import { addressHex, CHAIN_ID, common, ETHER, keyFor, rawTx, signTx } from "../../txFactory.js";

function jobOf(i: number): { job: RecoveryJob; publicKeyOf: () => Uint8Array } {
  const tx = signTx({ key: keyFor(i), nonce: BigInt(i) });
  return {
    job: {
      msgHash: tx.getMessageToVerifySignature(),
      r: bigIntToUnpaddedBytes(tx.r as bigint),
      s: bigIntToUnpaddedBytes(tx.s as bigint),
      recovery: Number(tx.v),
    },
    publicKeyOf: () => tx.getSenderPublicKey(),
  };
}

describe("sender recovery", () => {
  it("loads the native binding here", () => {
    assert.equal(isNativeAvailable(), true);
  });

  for (const backend of ["native", "js"] as const) {
    it(`recovers the same keys on the main thread (${backend})`, async () => {
      const recoverer = new MainThreadSenderRecoverer(backend);
      assert.equal(recoverer.backend, backend);
      for (let i = 0; i < 5; i++) {
        const { job, publicKeyOf } = jobOf(i);
        const res = await recoverer.recover(job);
        assert.equal(res.code, "success");
        if (res.code === "success") assert.deepEqual(res.result, publicKeyOf());
      }
      const bad = await recoverer.recover({ ...jobOf(0).job, r: new Uint8Array(32) });
      assert.equal(bad.code, "error");
    });

    it(`refuses the high-s twin of a signature (EIP-2), which the curve alone would accept (${backend})`, async () => {
      const recoverer = new MainThreadSenderRecoverer(backend);
      const { job } = jobOf(1);
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const s = BigInt(bytesToHex(job.s));
      const twin = { ...job, s: bigIntToUnpaddedBytes(n - s), recovery: 1 - job.recovery };
      const res = await recoverer.recover(twin);
      assert.equal(res.code, "error");
    });

    it(`recovers a burst on worker threads, in order (${backend})`, async () => {
      const recoverer = new WorkerPoolSenderRecoverer({ workers: 2, backend });
      after(() => recoverer.close());
      const jobs = Array.from({ length: 40 }, (_, i) => jobOf(i));
      const results = await Promise.all(jobs.map((j) => recoverer.recover(j.job)));
      results.forEach((res, i) => {
        assert.equal(res.code, "success");
        if (res.code === "success") assert.deepEqual(res.result, jobs[i]?.publicKeyOf());
      });
      assert.deepEqual(recoverer.getCounts(), { workerJobs: 40, fallbackJobs: 0, workers: 2 });
      const bad = await recoverer.recover({ ...jobOf(0).job, r: new Uint8Array(32) });
      assert.equal(bad.code, "error");
      assert.equal(recoverer.getCounts().fallbackJobs, 1); // the failed item is retried alone for its error
      await recoverer.close();
    });
  }

  it("plugs into ethereumjs through customCrypto.ecrecover", () => {
    for (const backend of ["native", "js"] as const) {
      const c = createChainCommon(CHAIN_ID, { ecrecover: createEcrecover(backend) });
      const tx = createTxFromRLP(rawTx({ key: keyFor(7), type: 0 }), { common: c });
      assert.equal(tx.getSenderAddress().toString(), addressHex(keyFor(7)));
    }
  });

  it("admits through the worker pool and closes its workers", async () => {
    const pool = createParallelPool({ recovery: "worker", recoveryWorkers: 1 }, { common, state: new MemoryPoolState(ETHER) });
    assert.equal(pool.recovery.mode, "worker");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.addRemote(rawTx({ key: keyFor(i) }))));
    for (const [i, r] of results.entries()) assert.equal(bytesToHex(pool.get(r.hash)?.sender ?? new Uint8Array()), addressHex(keyFor(i)));
    await pool.close();
  });
});
