import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isEigenError } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { Registry } from "prom-client";
import * as mempool from "../../src/index.js";
import { createMempoolMetrics, createParallelPool } from "../../src/index.js";
import { MemoryPoolState } from "../../src/testUtils/memoryState.js";
import { common, ETHER, GWEI, keyFor, rawTx } from "../txFactory.js";

// The pool's typed queries (batch size, stats) and its package surface. The txpool_/parallel_ JSON
// built from them is tested in the node (test/unit/rpc/poolFormat, poolAnalysis, poolMethods).

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

describe("ParallelPool queries", () => {
  it("gets and sets the batch size within 1–256", async () => {
    const pool = makePool();
    assert.equal(pool.getBatchSize(), 64);
    pool.setBatchSize(256);
    pool.setBatchSize(16);
    assert.equal(pool.getBatchSize(), 16);
    for (const bad of [0, 257, 1.5, Number.NaN, -1]) {
      assertCode(() => pool.setBatchSize(bad), "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE", /between 1 and 256/);
    }
    assert.equal(pool.getBatchSize(), 16);
    await pool.close();
  });

  it("gives transactions that can run code at most codeGasLimit of a block; plain transfers fill the rest", async () => {
    const pool = makePool({ blockGasLimit: 200_000n, codeGasLimit: 100_000n });
    await pool.addRemote(rawTx({ key: keyFor(20), gasLimit: 100_000n, tip: 5n * GWEI, maxFee: 6n * GWEI }));
    await pool.addRemote(rawTx({ key: keyFor(21), gasLimit: 50_000n, tip: 4n * GWEI, maxFee: 6n * GWEI }));
    for (let i = 0; i < 6; i++) await pool.addRemote(rawTx({ key: keyFor(30 + i) }));
    const gasLimits = pool.selectForBlock(200_000n).transactions.map((tx) => tx.gasLimit);
    // The best-paying call takes the whole code budget; the second waits; four transfers fill 84,000 more.
    assert.deepEqual(gasLimits, [100_000n, 21_000n, 21_000n, 21_000n, 21_000n]);
    // Without a code budget (geth's rule) the block's gas limit is the only bound.
    const geth = makePool({ blockGasLimit: 200_000n });
    await geth.addRemote(rawTx({ key: keyFor(20), gasLimit: 100_000n, tip: 5n * GWEI, maxFee: 6n * GWEI }));
    await geth.addRemote(rawTx({ key: keyFor(21), gasLimit: 50_000n, tip: 4n * GWEI, maxFee: 6n * GWEI }));
    assert.deepEqual(
      geth.selectForBlock(200_000n).transactions.map((tx) => tx.gasLimit),
      [100_000n, 50_000n],
    );
    await pool.close();
    await geth.close();
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
    const stats = pool.getStats();
    assert.equal(stats.sequential, 1);
    assert.equal(stats.parallelizable, 3);
    assert.equal(stats.selections, 1);
    assert.deepEqual(
      stats.lastBatchSizes,
      sel.batches.map((b) => b.transactions.length),
    );
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
      "createEcrecover",
      "createFileTxJournal",
      "createMemoryTxJournal",
      "createMempoolError",
      "createMempoolMetrics",
      "createParallelPool",
      "deriveAccessSet",
      "getBatchId",
      "getTxTag",
      "isBadTransaction",
      "isNativeAvailable",
      "tagData",
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
