import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChainCommon } from "@eigenchain/chain";
import type { ParallelPool, PoolStateReader } from "@eigenchain/mempool";
import { createMempoolError, createParallelPool } from "@eigenchain/mempool";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { createNoopLogger } from "../../../src/logger.js";
import type { BatchDryRunner, BatchDryRunResult } from "../../../src/rpc/batchDryRun.js";
import type { RpcContext } from "../../../src/rpc/context.js";
import { RPC_ERROR_CODE, RpcError } from "../../../src/rpc/errors.js";
import { registerParallelMethods, tagTransactionData, tagTransactionRequest } from "../../../src/rpc/methods/parallel.js";
import { registerTxpoolMethods } from "../../../src/rpc/methods/txpool.js";
import type { BatchForExecution } from "../../../src/rpc/poolAnalysis.js";
import { ALLOW_CONFIG_FLAG, createMethodDisabledError, toPoolRpcError } from "../../../src/rpc/poolErrors.js";
import { readExecuteBatchParams } from "../../../src/rpc/poolParams.js";
import { RpcDispatcher } from "../../../src/rpc/rpcDispatcher.js";

const CHAIN_ID = 57710n;
const common = createChainCommon(CHAIN_ID);
const GWEI = 1_000_000_000n;
const ALICE_KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const BOB_KEY = hexToBytes("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const ALICE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const RECIPIENT = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

/** Every account has nonce 0 and 1 ether. */
const state: PoolStateReader = { getNonce: async () => 0n, getBalance: async () => 10n ** 18n };

function rawTx(key: Uint8Array, nonce: bigint): string {
  const tx = createFeeMarket1559Tx(
    { nonce, gasLimit: 21_000n, to: RECIPIENT, value: 1n, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI },
    { common },
  ).sign(key);
  return bytesToHex(tx.serialize());
}

interface Harness {
  pool: ParallelPool;
  call: (method: string, params?: unknown) => Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  dryRuns: { batch: BatchForExecution; prefix: number }[];
}

function createHarness(allowParallelConfig = false): Harness {
  const pool = createParallelPool({ recovery: "main" }, { common, state });
  const dryRuns: Harness["dryRuns"] = [];
  const batchDryRun = {
    run: async (batch: BatchForExecution, prefix: readonly unknown[]): Promise<BatchDryRunResult> => {
      dryRuns.push({ batch, prefix: prefix.length });
      return {
        blockNumber: "0x1",
        parentHash: "0x00",
        prefixTransactions: prefix.length,
        transactions: batch.transactions.map((t, index) => ({
          index,
          hash: t.hash,
          from: t.from,
          status: "success",
          gasUsed: "0x5208",
          incarnations: 1,
        })),
        gasUsed: "0x5208",
        conflicts: [],
        sequential: { mode: "sequential", workers: 0, executionMs: 2, rootMs: 0 },
        parallel: { mode: "parallel", workers: 2, executionMs: 1, rootMs: 0 },
        sequentialMs: 2,
        parallelMs: 1,
        identical: true,
      };
    },
  } as unknown as BatchDryRunner;
  const ctx = { parallelPool: pool, batchDryRun, allowParallelConfig } as unknown as RpcContext;
  const dispatcher = new RpcDispatcher({ maxBatchSize: 10 }, { logger: createNoopLogger(), metrics: null });
  registerTxpoolMethods(dispatcher, ctx);
  registerParallelMethods(dispatcher, ctx);
  const call: Harness["call"] = async (method, params = []) => {
    const text = await dispatcher.handleText(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), {
      transport: "http",
    });
    return JSON.parse(text ?? "null") as Awaited<ReturnType<Harness["call"]>>;
  };
  return { pool, call, dryRuns };
}

const INVALID_PARAMS = RPC_ERROR_CODE.INVALID_PARAMS;

describe("txpool_ methods", () => {
  it("status counts a nonce gap as queued and promotes it when the gap fills", async () => {
    const { pool, call } = createHarness();
    assert.deepEqual((await call("txpool_status")).result, { pending: "0x0", queued: "0x0" });
    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 1n) as `0x${string}`));
    assert.deepEqual((await call("txpool_status")).result, { pending: "0x0", queued: "0x1" });
    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 0n) as `0x${string}`));
    assert.deepEqual((await call("txpool_status")).result, { pending: "0x2", queued: "0x0" });
    const content = (await call("txpool_content")).result as {
      pending: Record<string, Record<string, { nonce: string; from: string }>>;
    };
    assert.deepEqual(Object.keys(content.pending[ALICE] ?? {}), ["0", "1"]);
    assert.equal(content.pending[ALICE]?.["1"]?.nonce, "0x1");
    const inspect = (await call("txpool_inspect")).result as { pending: Record<string, Record<string, string>> };
    assert.equal(inspect.pending[ALICE]?.["0"], `${RECIPIENT}: 1 wei + 21000 gas × 2000000000 wei`);
    const from = (await call("txpool_contentFrom", [ALICE.toLowerCase()])).result as {
      pending: Record<string, unknown>;
      queued: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(from.pending), ["0", "1"]);
    assert.deepEqual(from.queued, {});
  });

  const invalid: { desc: string; method: string; params: unknown }[] = [
    { desc: "txpool_status with an argument", method: "txpool_status", params: [1] },
    { desc: "txpool_content with an argument", method: "txpool_content", params: ["x"] },
    { desc: "txpool_inspect with an argument", method: "txpool_inspect", params: [true] },
    { desc: "txpool_contentFrom without an address", method: "txpool_contentFrom", params: [] },
    { desc: "txpool_contentFrom with a short address", method: "txpool_contentFrom", params: ["0x1234"] },
    { desc: "txpool_contentFrom with a number", method: "txpool_contentFrom", params: [42] },
    { desc: "txpool_status with object params", method: "txpool_status", params: { a: 1 } },
  ];
  for (const { desc, method, params } of invalid) {
    it(`${desc} is -32602`, async () => {
      const { call } = createHarness();
      assert.equal((await call(method, params)).error?.code, INVALID_PARAMS);
    });
  }
});

describe("parallel_ methods", () => {
  it("tagTransaction prefixes data and request objects", async () => {
    const { call } = createHarness();
    const prefix = bytesToHex(new TextEncoder().encode("PARALLEL")).slice(2);
    assert.equal((await call("parallel_tagTransaction", ["0x1234", "PARALLEL"])).result, `0x${prefix}1234`);
    assert.equal((await call("parallel_tagTransaction", ["0x", "parallel"])).result, `0x${prefix}`);
    const request = (await call("parallel_tagTransaction", [{ to: RECIPIENT, data: "0xabcd" }, "SEQUENTIAL"])).result as Record<
      string,
      string
    >;
    const seq = bytesToHex(new TextEncoder().encode("SEQUENTIAL")).slice(2);
    assert.equal(request.to, RECIPIENT);
    assert.equal(request.data, `0x${seq}abcd`);
    assert.equal(request.input, request.data);
  });

  it("tagTransaction accepts the original design's request {from, to, data, parallel} and answers with the tagged data", async () => {
    const { call } = createHarness();
    const hex = (text: string) => bytesToHex(new TextEncoder().encode(text)).slice(2);
    const from = "0x00000000000000000000000000000000000000aa";
    assert.equal(
      (await call("parallel_tagTransaction", [{ from, to: RECIPIENT, data: "0xa9059cbb", parallel: true }])).result,
      `0x${hex("PARALLEL")}a9059cbb`,
    );
    assert.equal(
      (await call("parallel_tagTransaction", [{ from, to: RECIPIENT, data: "0xa9059cbb", parallel: false }])).result,
      `0x${hex("SEQUENTIAL")}a9059cbb`,
    );
    assert.equal((await call("parallel_tagTransaction", [{ from, to: RECIPIENT, parallel: true }])).result, `0x${hex("PARALLEL")}`);
    assert.equal(
      (await call("parallel_tagTransaction", [{ from, to: RECIPIENT, data: "hello", parallel: true }])).error?.code,
      INVALID_PARAMS,
    );
  });

  // Moved with the tag helpers from the pool (mempool's rpc.test.ts): the same assertions, on
  // the node's functions; the pool's MEMPOOL_INVALID_PARAMS became the -32602 it was answered as.
  it("tags data and transaction requests", () => {
    const assertInvalid = (fn: () => unknown, message?: RegExp) =>
      assert.throws(fn, (err: unknown) => {
        assert.ok(err instanceof RpcError && err.code === INVALID_PARAMS, `expected -32602, got ${String(err)}`);
        if (message !== undefined) assert.match(err.message, message);
        return true;
      });
    assert.equal(tagTransactionData("0x01", "PARALLEL"), `0x${Buffer.from("PARALLEL").toString("hex")}01`);
    assert.equal(tagTransactionData("0x", "sequential"), `0x${Buffer.from("SEQUENTIAL").toString("hex")}`);
    assert.equal(tagTransactionRequest({ to: RECIPIENT, input: "0x" }, "PARALLEL").data, `0x${Buffer.from("PARALLEL").toString("hex")}`);
    assertInvalid(() => tagTransactionData("0x01", "FAST"), /PARALLEL/);
    assertInvalid(() => tagTransactionData("zz", "PARALLEL"));
  });

  // Moved from the pool's tests (mempool's rpc.test.ts), through the methods now that the
  // enabling check and the size parsing live here.
  it("gets and sets the batch size within 1–256, only when enabled", async () => {
    const locked = createHarness(false);
    assert.equal((await locked.call("parallel_setBatchSize", [8])).error?.code, RPC_ERROR_CODE.METHOD_NOT_FOUND);
    const { call } = createHarness(true);
    assert.equal((await call("parallel_getBatchSize")).result, 64);
    assert.equal((await call("parallel_setBatchSize", [256])).result, true);
    assert.equal((await call("parallel_setBatchSize", ["0x10"])).result, true);
    assert.equal((await call("parallel_getBatchSize")).result, 16);
    for (const bad of [0, 257, 1.5, "ten", -1]) {
      const error = (await call("parallel_setBatchSize", [bad])).error;
      assert.equal(error?.code, INVALID_PARAMS);
      assert.match(error?.message ?? "", /between 1 and 256/);
    }
    assert.equal((await call("parallel_getBatchSize")).result, 16);
  });

  it("get/set batch size: disabled without the flag, 1–256 with it", async () => {
    const off = createHarness(false);
    assert.equal((await off.call("parallel_getBatchSize")).result, 64);
    const disabled = await off.call("parallel_setBatchSize", [32]);
    assert.equal(disabled.error?.code, RPC_ERROR_CODE.METHOD_NOT_FOUND);
    assert.match(disabled.error?.message ?? "", /parallel_setBatchSize is disabled.*--parallel\.allow-config/);
    assert.equal((await off.call("parallel_getBatchSize")).result, 64);

    const on = createHarness(true);
    assert.equal((await on.call("parallel_setBatchSize", [32])).result, true);
    assert.equal((await on.call("parallel_getBatchSize")).result, 32);
    assert.equal((await on.call("parallel_setBatchSize", ["0x100"])).result, true);
    assert.equal((await on.call("parallel_getBatchSize")).result, 256);
    for (const bad of [0, 257, -1, 1.5, "abc", "64", true]) {
      const res = await on.call("parallel_setBatchSize", [bad]);
      assert.equal(res.error?.code, INVALID_PARAMS, `size ${JSON.stringify(bad)}`);
    }
    assert.match((await on.call("parallel_setBatchSize", [257])).error?.message ?? "", /between 1 and 256/);
    assert.equal((await on.call("parallel_getBatchSize")).result, 256);
  });

  it("stats has the documented fields", async () => {
    const { pool, call } = createHarness();
    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 0n) as `0x${string}`));
    const stats = (await call("parallel_stats")).result as Record<string, unknown>;
    assert.deepEqual(Object.keys(stats).sort(), [
      "batchSize",
      "batches",
      "lastBatchSizes",
      "lastSelectMs",
      "learnedEntries",
      "parallelizable",
      "pending",
      "queued",
      "selections",
      "sequential",
    ]);
    assert.equal(stats.pending, 1);
    assert.equal(stats.parallelizable, 1);
  });

  it("analyzeTransaction gives the access set, conflicts and a verdict", async () => {
    const { pool, call } = createHarness();
    const alone = (await call("parallel_analyzeTransaction", [rawTx(BOB_KEY, 0n)])).result as {
      verdict: string;
      conflicts: unknown[];
      accessSet: { accounts: string[] };
    };
    assert.equal(alone.verdict, "parallel");
    assert.deepEqual(alone.conflicts, []);
    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 0n) as `0x${string}`));
    const analysis = (await call("parallel_analyzeTransaction", [rawTx(BOB_KEY, 0n)])).result as {
      verdict: string;
      conflicts: { from: string }[];
      reason: string;
    };
    assert.equal(analysis.verdict, "conflicting");
    assert.equal(analysis.conflicts[0]?.from, ALICE);
  });

  it("executeBatch is disabled without the flag (two executors' work per request)", async () => {
    const { call, dryRuns } = createHarness(false);
    const disabled = await call("parallel_executeBatch", [{ transactions: [rawTx(ALICE_KEY, 0n)] }]);
    assert.equal(disabled.error?.code, RPC_ERROR_CODE.METHOD_NOT_FOUND);
    assert.match(disabled.error?.message ?? "", /parallel_executeBatch is disabled.*--parallel\.allow-config/);
    assert.equal(dryRuns.length, 0);
  });

  it("executeBatch runs caller-given transactions or a batch of the selection", async () => {
    const { pool, call, dryRuns } = createHarness(true);
    const given = (await call("parallel_executeBatch", [{ transactions: [rawTx(ALICE_KEY, 0n), rawTx(BOB_KEY, 0n)] }])).result as {
      batchId: string;
      transactions: { status: string; accessSet: unknown }[];
      predictedConflicts: [number, number][];
      sequentialMs: number;
      parallelMs: number;
      speedup: number;
    };
    assert.match(given.batchId, /^0x[0-9a-f]{64}$/);
    assert.equal(given.transactions.length, 2);
    assert.ok(given.transactions[0]?.accessSet);
    assert.deepEqual(given.predictedConflicts, [[0, 1]], "both pay the same recipient");
    assert.equal(given.speedup, 2);

    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 0n) as `0x${string}`));
    await pool.addLocal(hexToBytes(rawTx(ALICE_KEY, 1n) as `0x${string}`));
    const first = (await call("parallel_executeBatch", [])).result as {
      transactions: unknown[];
      prefixTransactions: number;
    };
    assert.equal(first.transactions.length, 1, "nonce 1 waits for a later batch");
    const second = (await call("parallel_executeBatch", [{ index: 1 }])).result as {
      transactions: unknown[];
      prefixTransactions: number;
    };
    assert.equal(second.transactions.length, 1);
    assert.equal(second.prefixTransactions, 1, "earlier batches run first");
    assert.equal(dryRuns.at(-1)?.prefix, 1);
    const beyond = (await call("parallel_executeBatch", [{ index: "0x9" }])).result as { transactions: unknown[] };
    assert.deepEqual(beyond.transactions, []);
  });

  const invalid: { desc: string; method: string; params: unknown }[] = [
    { desc: "tagTransaction without a tag", method: "parallel_tagTransaction", params: ["0x12"] },
    { desc: "tagTransaction with an unknown tag", method: "parallel_tagTransaction", params: ["0x12", "FAST"] },
    { desc: "tagTransaction with non-hex data", method: "parallel_tagTransaction", params: ["hello", "PARALLEL"] },
    { desc: "tagTransaction with odd-length data", method: "parallel_tagTransaction", params: ["0x123", "PARALLEL"] },
    { desc: "getBatchSize with an argument", method: "parallel_getBatchSize", params: [1] },
    { desc: "setBatchSize without a size", method: "parallel_setBatchSize", params: [] },
    { desc: "stats with an argument", method: "parallel_stats", params: [1] },
    { desc: "analyzeTransaction without a transaction", method: "parallel_analyzeTransaction", params: [] },
    { desc: "analyzeTransaction with non-hex", method: "parallel_analyzeTransaction", params: ["0xzz"] },
    { desc: "executeBatch with a non-object", method: "parallel_executeBatch", params: [5] },
    { desc: "executeBatch with an unknown field", method: "parallel_executeBatch", params: [{ batch: 1 }] },
    { desc: "executeBatch with no transactions", method: "parallel_executeBatch", params: [{ transactions: [] }] },
    {
      desc: "executeBatch with 257 transactions",
      method: "parallel_executeBatch",
      params: [{ transactions: new Array(257).fill("0x01") }],
    },
    {
      desc: "executeBatch with a non-hex transaction",
      method: "parallel_executeBatch",
      params: [{ transactions: ["nope"] }],
    },
    { desc: "executeBatch with a negative index", method: "parallel_executeBatch", params: [{ index: -1 }] },
    { desc: "executeBatch with a fractional index", method: "parallel_executeBatch", params: [{ index: 0.5 }] },
    { desc: "executeBatch with a bad gas limit", method: "parallel_executeBatch", params: [{ gasLimit: 30000000 }] },
    {
      desc: "executeBatch with transactions and index",
      method: "parallel_executeBatch",
      params: [{ transactions: ["0x01"], index: 0 }],
    },
    { desc: "executeBatch with two arguments", method: "parallel_executeBatch", params: [{}, {}] },
  ];
  for (const { desc, method, params } of invalid) {
    it(`${desc} is -32602`, async () => {
      const { call, dryRuns } = createHarness(true);
      const res = await call(method, params);
      assert.equal(res.error?.code, INVALID_PARAMS, JSON.stringify(res));
      assert.equal(dryRuns.length, 0);
    });
  }

  it("a transaction that does not decode is -32000 with the decoder's text", async () => {
    const { call } = createHarness();
    const res = await call("parallel_analyzeTransaction", ["0x01"]);
    assert.equal(res.error?.code, RPC_ERROR_CODE.INVALID_INPUT);
  });
});

describe("readExecuteBatchParams", () => {
  const cases: { desc: string; input: unknown; expected: unknown }[] = [
    { desc: "absent", input: undefined, expected: {} },
    { desc: "null", input: null, expected: {} },
    { desc: "index as a number", input: { index: 2 }, expected: { index: 2 } },
    {
      desc: "index and gas limit as quantities",
      input: { index: "0x2", gasLimit: "0x1c9c380" },
      expected: { index: 2, gasLimit: 30_000_000n },
    },
    { desc: "transactions", input: { transactions: ["0x02"] }, expected: { transactions: ["0x02"] } },
  ];
  for (const { desc, input, expected } of cases) {
    it(desc, () => assert.deepEqual(readExecuteBatchParams(input), expected));
  }
});

describe("toPoolRpcError", () => {
  const cases: { desc: string; input: unknown; code: number | null }[] = [
    {
      desc: "batch size out of range",
      input: createMempoolError({
        type: { code: "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE", size: 0, min: 1, max: 256 },
        message: "range",
      }),
      code: -32602,
    },
    {
      desc: "other pool errors pass through",
      input: createMempoolError({ type: { code: "MEMPOOL_UNDERPRICED" }, message: "cheap" }),
      code: null,
    },
    { desc: "plain errors pass through", input: new Error("x"), code: null },
  ];
  for (const { desc, input, code } of cases) {
    it(desc, () => {
      const out = toPoolRpcError(input);
      if (code === null) assert.equal(out, input);
      else {
        assert.ok(out instanceof RpcError);
        assert.equal(out.code, code);
      }
    });
  }
});

describe("pool request errors", () => {
  // Bad params are typed by the node's readers (-32602); a disabled method is the node's own -32601.
  it("invalid params", () => {
    assert.throws(
      () => tagTransactionData("0x01", "FAST"),
      (err: unknown) => err instanceof RpcError && err.code === -32602,
    );
  });

  it("method disabled", () => {
    const out = createMethodDisabledError("parallel_setBatchSize");
    assert.ok(out instanceof RpcError);
    assert.equal(out.code, -32601);
  });

  it("names the flag in the disabled message", () => {
    const out = createMethodDisabledError("parallel_setBatchSize");
    assert.equal(out.message, `the method parallel_setBatchSize is disabled; start the node with ${ALLOW_CONFIG_FLAG} to enable it`);
  });
});
