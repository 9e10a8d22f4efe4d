// The parallel_ namespace: tags, the batch size, a batch dry run, pool statistics and one transaction's analysis.
import type { TypedTransaction } from "@eigenchain/chain";
import { tagData } from "@eigenchain/mempool";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { type Hex, toData } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams } from "../params.js";
import { analyzeTransaction, getBatchForExecution } from "../poolAnalysis.js";
import { callPool, createMethodDisabledError } from "../poolErrors.js";
import { readBatchSize, readExecuteBatchParams, readHexBytes, readRawTransaction, readTxTag } from "../poolParams.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `parallel_tagTransaction(data, tag)`: the data to sign with the `PARALLEL` or `SEQUENTIAL` prefix
 * (an existing tag is replaced).
 */
export function tagTransactionData(data: unknown, tag: unknown): Hex {
  const normalized = readTxTag(tag);
  return toData(tagData(readHexBytes(data, "data"), normalized));
}

/** `parallel_tagTransaction(request, tag)` for a transaction request object: it, with `data` and `input` tagged. */
export function tagTransactionRequest(request: Record<string, unknown>, tag: unknown): Record<string, unknown> {
  const tagged = tagTransactionData(request.input ?? request.data ?? "0x", tag);
  return { ...request, data: tagged, input: tagged };
}

/**
 * The `parallel_` namespace: tags, the batch size, a dry run of one batch, pool statistics and
 * the analysis of one transaction. `parallel_setBatchSize` changes behaviour and
 * `parallel_executeBatch` runs two executors on this thread: both answer -32601 unless the node was
 * started with `--parallel.allow-config`. See docs/rpc.md.
 */
export function registerParallelMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("parallel_tagTransaction", (params) => {
    // The original design's request, one object `{from, to, data, parallel: boolean}`: the tagged data.
    if (params.length === 1 && isRecord(params[0]) && typeof params[0].parallel === "boolean") {
      const request = params[0];
      return tagTransactionData(request.data ?? request.input ?? "0x", request.parallel === true ? "PARALLEL" : "SEQUENTIAL");
    }
    expectParams(params, 2, 2);
    const [data, tag] = params;
    return isRecord(data) ? tagTransactionRequest(data, tag) : tagTransactionData(data, tag);
  });

  rpc.add("parallel_getBatchSize", (params) => {
    expectParams(params, 0, 0);
    return ctx.parallelPool.getBatchSize();
  });

  rpc.add("parallel_setBatchSize", (params) => {
    expectParams(params, 1, 1);
    if (!ctx.allowParallelConfig) throw createMethodDisabledError("parallel_setBatchSize");
    const size = readBatchSize(params[0]);
    callPool(() => ctx.parallelPool.setBatchSize(size));
    return true;
  });

  rpc.add("parallel_stats", (params) => {
    expectParams(params, 0, 0);
    return ctx.parallelPool.getStats();
  });

  rpc.add("parallel_analyzeTransaction", (params) => {
    expectParams(params, 1, 1);
    return analyzeTransaction(ctx.parallelPool, readRawTransaction(params[0], 0));
  });

  rpc.add("parallel_executeBatch", async (params) => {
    // Two executors' worth of work on this thread per request: enabled only with the flag, like
    // the methods that change behaviour, and then queued with the other heavy requests.
    if (!ctx.allowParallelConfig) throw createMethodDisabledError("parallel_executeBatch");
    expectParams(params, 0, 1);
    const request = readExecuteBatchParams(params[0]);
    const pool = ctx.parallelPool;
    // Both selections below run in this one synchronous step, so they are the same selection.
    let prefix: TypedTransaction[] = [];
    if (request.transactions === undefined && (request.index ?? 0) > 0) {
      const selection = pool.selectForBlock(request.gasLimit ?? pool.gasLimit);
      prefix = selection.batches.slice(0, request.index).flatMap((b) => b.transactions.map((t) => t.tx));
    }
    const { transactions, ...selected } = request;
    const given = transactions?.map((raw) => readHexBytes(raw, "raw transaction"));
    const batch = getBatchForExecution(pool, given === undefined ? selected : { transactions: given });
    const run = await runHeavy(ctx, () => ctx.batchDryRun.run(batch, prefix, BigInt(Math.floor(Date.now() / 1000))));
    const { transactions: results, accessReports, ...rest } = run;
    // The dry run's executions teach the pool like a committed block's (learned access sets).
    if (accessReports !== undefined) pool.recordExecution(accessReports);
    return {
      batchId: batch.id,
      ...rest,
      transactions: batch.transactions.map((t, i) => ({ ...results[i], accessSet: t.accessSet })),
      predictedConflicts: batch.predictedConflicts,
      speedup: run.parallelMs === null || run.parallelMs === 0 ? null : Math.round((run.sequentialMs / run.parallelMs) * 100) / 100,
    };
  });
}
