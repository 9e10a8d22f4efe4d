import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createParallelTransaction, isEigenError } from "@eigenchain/chain";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Registry } from "prom-client";
import * as mempool from "../../src/index.js";
import {
  analyzeTransaction,
  createMempoolMetrics,
  createParallelPool,
  getBatchForExecution,
  getParallelBatchSize,
  getParallelStats,
  getTxpoolContent,
  getTxpoolContentFrom,
  getTxpoolInspect,
  getTxpoolStatus,
  setParallelBatchSize,
  tagTransactionData,
  tagTransactionRequest,
} from "../../src/index.js";
import { MemoryPoolState } from "../../src/testUtils/memoryState.js";
import { ETHER, GWEI, KEYS, RECIPIENT, common, keyFor, rawTx } from "../txFactory.js";

const alice = KEYS[0] as Uint8Array;
const ALICE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const token = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

function makePool(opts: mempool.ParallelPoolOpts = {}) {
  return createParallelPool({ recovery: "main", ...opts }, { common, state: new MemoryPoolState(ETHER) });
}

function assertCode(fn: () => unknown, code: string, message?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isEigenError(err, code), `expected ${code}, got ${String(err)}`);
    if (message !== undefined) assert.match((err as Error).message, message);
    return true;
  });
}

describe("txpool_* shapes", () => {
  it("status, content, contentFrom and inspect as geth returns them", async () => {
    const pool = makePool({ baseFeePerGas: GWEI });
    await pool.addRemote(rawTx({ nonce: 0n, tip: GWEI, maxFee: 3n * GWEI }));
    await pool.addRemote(rawTx({ nonce: 2n, type: 0, maxFee: 5n * GWEI }));
    assert.deepEqual(getTxpoolStatus(pool), { pending: "0x1", queued: "0x1" });
    const content = getTxpoolContent(pool);
    const tx = content.pending[ALICE]?.["0"];
    assert.ok(tx);
    assert.equal(tx.from, ALICE);
    assert.equal(tx.to, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    assert.equal(tx.gas, "0x5208");
    assert.equal(tx.gasPrice, "0x77359400"); // min(fee cap 3, base 1 + tip 1) gwei
    assert.equal(tx.maxFeePerGas, "0xb2d05e00");
    assert.equal(tx.nonce, "0x0");
    assert.equal(tx.type, "0x2");
    assert.equal(tx.blockHash, null);
    assert.equal(tx.chainId, "0xe16e");
    assert.equal(content.queued[ALICE]?.["2"]?.type, "0x0");
    assert.deepEqual(Object.keys(getTxpoolContentFrom(pool, ALICE.toLowerCase()).queued), ["2"]);
    assert.deepEqual(getTxpoolInspect(pool), {
      pending: { [ALICE]: { "0": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 3000000000 wei" } },
      queued: { [ALICE]: { "2": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 5000000000 wei" } },
    });
    await pool.close();
  });
});

describe("parallel_* functions", () => {
  it("tags data and transaction requests", () => {
    assert.equal(tagTransactionData("0x01", "PARALLEL"), `0x${Buffer.from("PARALLEL").toString("hex")}01`);
    assert.equal(tagTransactionData("0x", "sequential"), `0x${Buffer.from("SEQUENTIAL").toString("hex")}`);
    assert.equal(tagTransactionRequest({ to: RECIPIENT, input: "0x" }, "PARALLEL").data, `0x${Buffer.from("PARALLEL").toString("hex")}`);
    assertCode(() => tagTransactionData("0x01", "FAST"), "MEMPOOL_INVALID_PARAMS", /PARALLEL/);
    assertCode(() => tagTransactionData("zz", "PARALLEL"), "MEMPOOL_INVALID_PARAMS");
  });

  it("gets and sets the batch size within 1–256, only when enabled", async () => {
    const locked = makePool();
    assertCode(() => setParallelBatchSize(locked, 8), "MEMPOOL_METHOD_DISABLED");
    await locked.close();
    const pool = makePool({ allowRuntimeConfig: true });
    assert.equal(getParallelBatchSize(pool), 64);
    assert.equal(setParallelBatchSize(pool, 256), true);
    assert.equal(setParallelBatchSize(pool, "0x10"), true);
    assert.equal(getParallelBatchSize(pool), 16);
    for (const bad of [0, 257, 1.5, "ten", -1]) {
      assertCode(() => setParallelBatchSize(pool, bad), "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE", /between 1 and 256/);
    }
    assert.equal(getParallelBatchSize(pool), 16);
    await pool.close();
  });

  it("isolates SEQUENTIAL transactions; PARALLEL never overrides a conflict", async () => {
    const pool = makePool();
    const par = (s: string) => new Uint8Array([...new TextEncoder().encode(s)]);
    await pool.addRemote(rawTx({ key: keyFor(10), gasLimit: 100_000n, data: par("SEQUENTIAL") }));
    await pool.addRemote(rawTx({ key: keyFor(11), gasLimit: 100_000n, data: par("PARALLEL"), to: bytesToHex(keyFor(99).subarray(0, 20)) }));
    await pool.addRemote(rawTx({ key: keyFor(12), gasLimit: 100_000n, data: par("PARALLEL"), to: bytesToHex(keyFor(99).subarray(0, 20)) }));
    await pool.addRemote(rawTx({ key: keyFor(13) }));
    const sel = pool.selectForBlock(30_000_000n);
    const seqBatch = sel.batches.find((b) => b.transactions.some((t) => t.accessSet?.isolated));
    assert.equal(seqBatch?.transactions.length, 1);
    const parBatches = sel.batches.filter((b) => b.transactions.some((t) => getTag(t.tx.data) === "PARALLEL"));
    assert.equal(parBatches.length, 2); // same recipient: conflict wins over the hint
    const stats = getParallelStats(pool);
    assert.equal(stats.sequential, 1);
    assert.equal(stats.parallelizable, 3);
    assert.equal(stats.selections, 1);
    assert.deepEqual(stats.lastBatchSizes, sel.batches.map((b) => b.transactions.length));
    await pool.close();
  });

  it("analyses a transaction against the pending ones", async () => {
    const pool = makePool();
    await pool.addRemote(rawTx({ key: keyFor(20), to: RECIPIENT }));
    const clash = analyzeTransaction(pool, bytesToHex(rawTx({ key: keyFor(21), to: RECIPIENT })));
    assert.equal(clash.verdict, "conflicting");
    assert.equal(clash.conflicts.length, 1);
    assert.deepEqual(clash.accessSet.sources, ["predicted"]);
    const free = analyzeTransaction(pool, rawTx({ key: keyFor(21), to: bytesToHex(keyFor(98).subarray(0, 20)) }));
    assert.equal(free.verdict, "parallel");
    const seq = analyzeTransaction(pool, rawTx({ key: keyFor(21), data: new TextEncoder().encode("SEQUENTIAL") , gasLimit: 100_000n}));
    assert.equal(seq.verdict, "sequential");
    assert.equal(seq.tag, "SEQUENTIAL");
    assertCode(() => analyzeTransaction(pool, "0x1234"), "TX_TYPE_UNSUPPORTED");
    await pool.close();
  });

  it("trusts a type 0x05 access list and hands batches to the executor", async () => {
    const pool = makePool();
    const slot = (i: number) => hexToBytes(`0x${i.toString(16).padStart(64, "0")}`);
    const p05 = (key: Uint8Array, s: number) =>
      createParallelTransaction(
        { maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI, gasLimit: 80_000n, to: token, data: hexToBytes("0xdeadbeef"), accessList: [[hexToBytes(token), [slot(s)]]] },
        { common },
      )
        .sign(key)
        .serialize();
    // Two calls to one contract on different declared slots: one batch; a third on a shared slot: later.
    await pool.addRemote(p05(keyFor(30), 1));
    await pool.addRemote(p05(keyFor(31), 2));
    await pool.addRemote(p05(keyFor(32), 2));
    const sel = pool.selectForBlock(30_000_000n);
    assert.deepEqual(sel.batches.map((b) => b.transactions.length), [2, 1]);
    const batch = getBatchForExecution(pool);
    assert.equal(batch.id, sel.batches[0]?.id);
    assert.equal(batch.transactions.length, 2);
    assert.equal(batch.transactions[0]?.accessSet.binding, true);
    assert.deepEqual(batch.predictedConflicts, []);
    const given = getBatchForExecution(pool, { transactions: [bytesToHex(p05(keyFor(33), 3)), p05(keyFor(34), 3)] });
    assert.deepEqual(given.predictedConflicts, [[0, 1]]);
    await pool.close();
  });

  it("uses learned access after executions are recorded", async () => {
    const pool = makePool();
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
    assert.equal(getParallelStats(pool).learnedEntries, 1);
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

function getTag(data: Uint8Array): string {
  return new TextDecoder().decode(data.subarray(0, 8));
}

describe("package surface", () => {
  it("exports exactly the curated API", () => {
    assert.deepEqual(Object.keys(mempool).sort(), [
      "DEFAULT_BATCH_SIZE",
      "LearnedAccess",
      "MAX_BATCH_SIZE",
      "MIN_BATCH_SIZE",
      "MainThreadSenderRecoverer",
      "PARALLEL_PREFIX",
      "ParallelPool",
      "SEQUENTIAL_PREFIX",
      "WorkerPoolSenderRecoverer",
      "accessSetsConflict",
      "analyzeTransaction",
      "createEcrecover",
      "createFileTxJournal",
      "createMemoryTxJournal",
      "createMempoolError",
      "createMempoolMetrics",
      "createParallelPool",
      "deriveAccessSet",
      "getBatchForExecution",
      "getBatchId",
      "getParallelBatchSize",
      "getParallelStats",
      "getTxTag",
      "getTxpoolContent",
      "getTxpoolContentFrom",
      "getTxpoolInspect",
      "getTxpoolStatus",
      "inspectLine",
      "isBadTransaction",
      "isNativeAvailable",
      "setParallelBatchSize",
      "tagData",
      "tagTransactionData",
      "tagTransactionRequest",
      "toRpcTransaction",
    ]);
  });

  it("registers every metric of the original design", async () => {
    const registry = new Registry();
    createMempoolMetrics(registry);
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
    for (const name of [
      "eigen_mempool_pending_discard_total",
      "eigen_mempool_pending_replace_total",
      "eigen_mempool_pending_ratelimit_total",
      "eigen_mempool_pending_nofunds_total",
      "eigen_mempool_queued_discard_total",
      "eigen_mempool_queued_replace_total",
      "eigen_mempool_queued_ratelimit_total",
      "eigen_mempool_queued_nofunds_total",
      "eigen_mempool_known_total",
      "eigen_mempool_valid_total",
      "eigen_mempool_invalid_total",
      "eigen_mempool_underpriced_total",
      "eigen_mempool_overflow_total",
      "eigen_mempool_pending_transactions",
      "eigen_mempool_queued_transactions",
      "eigen_mempool_local_transactions",
      "eigen_mempool_used_slots",
      "eigen_mempool_batch_size_transactions",
      "eigen_mempool_batch_count_batches",
      "eigen_mempool_parallelizable_transactions",
    ]) {
      assert.ok(names.includes(name), `missing ${name}`);
    }
  });
});
