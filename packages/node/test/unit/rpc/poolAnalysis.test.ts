import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createParallelTransaction, isEigenError } from "@eigenchain/chain";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { common, GWEI, keyFor, RECIPIENT, rawTx } from "../../../../mempool/test/txFactory.js";
import { analyzeTransaction, getBatchForExecution } from "../../../src/rpc/poolAnalysis.js";
import { createTestPool } from "./poolTestTxs.js";

const token = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

function assertCode(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isEigenError(err, code), `expected ${code}, got ${String(err)}`);
    if (message !== undefined) assert.match((err as Error).message, message);
    return true;
  });
}

describe("parallel_analyzeTransaction and parallel_executeBatch's batch", () => {
  it("analyses a transaction against the pending ones", async () => {
    const pool = createTestPool();
    await pool.addRemote(rawTx({ key: keyFor(20), to: RECIPIENT }));
    const clash = analyzeTransaction(pool, rawTx({ key: keyFor(21), to: RECIPIENT }));
    assert.equal(clash.verdict, "conflicting");
    assert.equal(clash.conflicts.length, 1);
    assert.deepEqual(clash.accessSet.sources, ["predicted"]);
    const free = analyzeTransaction(pool, rawTx({ key: keyFor(21), to: bytesToHex(keyFor(98).subarray(0, 20)) }));
    assert.equal(free.verdict, "parallel");
    const seq = analyzeTransaction(pool, rawTx({ key: keyFor(21), data: new TextEncoder().encode("SEQUENTIAL"), gasLimit: 100_000n }));
    assert.equal(seq.verdict, "sequential");
    assert.equal(seq.tag, "SEQUENTIAL");
    assertCode(() => analyzeTransaction(pool, hexToBytes("0x1234")), "TX_TYPE_UNSUPPORTED");
    await pool.close();
  });

  it("trusts a type 0x05 access list and hands batches to the executor", async () => {
    const pool = createTestPool();
    const slot = (i: number) => hexToBytes(`0x${i.toString(16).padStart(64, "0")}`);
    const p05 = (key: Uint8Array, s: number) =>
      createParallelTransaction(
        {
          maxFeePerGas: 2n * GWEI,
          maxPriorityFeePerGas: GWEI,
          gasLimit: 80_000n,
          to: token,
          data: hexToBytes("0xdeadbeef"),
          accessList: [[hexToBytes(token), [slot(s)]]],
        },
        { common },
      )
        .sign(key)
        .serialize();
    // Two calls to one contract on different declared slots: one batch; a third on a shared slot: later.
    await pool.addRemote(p05(keyFor(30), 1));
    await pool.addRemote(p05(keyFor(31), 2));
    await pool.addRemote(p05(keyFor(32), 2));
    const sel = pool.selectForBlock(30_000_000n);
    assert.deepEqual(
      sel.batches.map((b) => b.transactions.length),
      [2, 1],
    );
    const batch = getBatchForExecution(pool);
    assert.equal(batch.id, sel.batches[0]?.id);
    assert.equal(batch.transactions.length, 2);
    assert.equal(batch.transactions[0]?.accessSet.binding, true);
    assert.deepEqual(batch.predictedConflicts, []);
    const given = getBatchForExecution(pool, { transactions: [p05(keyFor(33), 3), p05(keyFor(34), 3)] });
    assert.deepEqual(given.predictedConflicts, [[0, 1]]);
    await pool.close();
  });

  it("uses learned access after executions are recorded", async () => {
    const pool = createTestPool();
    const data = hexToBytes("0x12345678");
    await pool.addRemote(rawTx({ key: keyFor(40), to: token, data, gasLimit: 60_000n }));
    await pool.addRemote(rawTx({ key: keyFor(41), to: token, data, gasLimit: 60_000n }));
    assert.equal(pool.selectForBlock(30_000_000n).batches.length, 2); // whole contract: conflict
    const report = { contract: token, selector: "0x12345678", accounts: [token], slots: [`${token}/0x${"00".repeat(32)}`] };
    pool.recordExecution([report, report]);
    // Both now share only the stable slot 0 → still a conflict, but through the slot.
    const sel = pool.selectForBlock(30_000_000n);
    assert.equal(sel.batches.length, 2);
    assert.deepEqual(sel.batches[0]?.transactions[0]?.accessSet?.slots, [`${token}/0x${"00".repeat(32)}`]);
    assert.equal(pool.getStats().learnedEntries, 1);
    // A later call of the same contract and selector, analysed before it is pooled: learned too.
    const later = analyzeTransaction(pool, rawTx({ key: keyFor(42), to: token, data, gasLimit: 60_000n }));
    assert.deepEqual(later.accessSet.sources, ["predicted", "learned"]);
    assert.deepEqual(later.accessSet.storage, [`${token}/0x${"00".repeat(32)}`]);
    assert.match(later.reason, /^learned from 2 executions of 0x12345678/);
    // Another selector of the same contract learned nothing.
    const other = analyzeTransaction(pool, rawTx({ key: keyFor(42), to: token, data: hexToBytes("0x87654321"), gasLimit: 60_000n }));
    assert.deepEqual(other.accessSet.sources, ["predicted"]);
    assert.ok(other.accessSet.accounts.includes(token));
    await pool.close();
  });
});
