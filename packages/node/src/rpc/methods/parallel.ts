import type { TypedTransaction } from "@eigenchain/chain";
import {
  analyzeTransaction,
  getBatchForExecution,
  getParallelBatchSize,
  getParallelStats,
  MAX_BATCH_SIZE,
  setParallelBatchSize,
  tagTransactionData,
  tagTransactionRequest,
} from "@eigenchain/mempool";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { createInvalidParamsError, RPC_ERROR_CODE, RpcError } from "../errors.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readData, readQuantity, readUint64 } from "../params.js";
import { ALLOW_CONFIG_FLAG, callPool } from "../poolErrors.js";

interface ExecuteBatchParams {
  transactions?: string[];
  index?: number;
  gasLimit?: bigint;
}

const EXECUTE_BATCH_KEYS = new Set(["transactions", "index", "gasLimit"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON number or hex quantity that fits a small non-negative integer (a batch index). */
function readIndex(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(readQuantity(value, 0)) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw createInvalidParamsError("invalid argument 0: index must be a non-negative integer");
  return n;
}

/** `parallel_executeBatch`'s one optional argument: `{transactions?: raw[], index?, gasLimit?}`. */
export function readExecuteBatchParams(value: unknown): ExecuteBatchParams {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw createInvalidParamsError("invalid argument 0: expected {transactions?, index?, gasLimit?}");
  for (const key of Object.keys(value)) {
    if (!EXECUTE_BATCH_KEYS.has(key)) throw createInvalidParamsError(`invalid argument 0: unknown field ${JSON.stringify(key)}`);
  }
  const out: ExecuteBatchParams = {};
  if (value.transactions !== undefined && value.transactions !== null) {
    const list = value.transactions;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH_SIZE) {
      throw createInvalidParamsError(`invalid argument 0: transactions must be a list of 1 to ${MAX_BATCH_SIZE} signed transactions`);
    }
    for (const raw of list) readData(raw, 0);
    out.transactions = list as string[];
  }
  if (value.index !== undefined && value.index !== null) out.index = readIndex(value.index);
  if (value.gasLimit !== undefined && value.gasLimit !== null) out.gasLimit = readUint64(value.gasLimit, 0);
  if (out.transactions !== undefined && (out.index !== undefined || out.gasLimit !== undefined)) {
    throw createInvalidParamsError("invalid argument 0: give either transactions or index/gasLimit, not both");
  }
  return out;
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
      return callPool(() => tagTransactionData(request.data ?? request.input ?? "0x", request.parallel === true ? "PARALLEL" : "SEQUENTIAL"));
    }
    expectParams(params, 2, 2);
    const [data, tag] = params;
    return callPool(() => (isRecord(data) ? tagTransactionRequest(data, tag) : tagTransactionData(data, tag)));
  });

  rpc.add("parallel_getBatchSize", (params) => {
    expectParams(params, 0, 0);
    return getParallelBatchSize(ctx.parallelPool);
  });

  rpc.add("parallel_setBatchSize", (params) => {
    expectParams(params, 1, 1);
    return callPool(() => setParallelBatchSize(ctx.parallelPool, params[0]));
  });

  rpc.add("parallel_stats", (params) => {
    expectParams(params, 0, 0);
    return getParallelStats(ctx.parallelPool);
  });

  rpc.add("parallel_analyzeTransaction", (params) => {
    expectParams(params, 1, 1);
    readData(params[0], 0);
    return callPool(() => analyzeTransaction(ctx.parallelPool, params[0]));
  });

  rpc.add("parallel_executeBatch", async (params) => {
    // Two executors' worth of work on this thread per request: enabled only with the flag, like
    // the methods that change behaviour, and then queued with the other heavy requests.
    if (!ctx.parallelPool.allowRuntimeConfig) {
      throw new RpcError(
        RPC_ERROR_CODE.METHOD_NOT_FOUND,
        `the method parallel_executeBatch is disabled; start the node with ${ALLOW_CONFIG_FLAG} to enable it`,
      );
    }
    expectParams(params, 0, 1);
    const request = readExecuteBatchParams(params[0]);
    const pool = ctx.parallelPool;
    // Both selections below run in this one synchronous step, so they are the same selection.
    let prefix: TypedTransaction[] = [];
    if (request.transactions === undefined && (request.index ?? 0) > 0) {
      const selection = pool.selectForBlock(request.gasLimit ?? pool.gasLimit);
      prefix = selection.batches.slice(0, request.index).flatMap((b) => b.transactions.map((t) => t.tx));
    }
    const batch = callPool(() => getBatchForExecution(pool, request));
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
