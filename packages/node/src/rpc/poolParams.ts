// Readers that type the untrusted params of the txpool_ and parallel_ methods; every failure is -32602.
import { MAX_BATCH_SIZE, MIN_BATCH_SIZE } from "@eigenchain/mempool";
import { hexToBytes } from "@ethereumjs/util";
import { createInvalidParamsError } from "./errors.js";
import type { Hex } from "./format.js";
import { readData, readQuantity, readUint64 } from "./params.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `parallel_tagTransaction`'s tag: "PARALLEL" or "SEQUENTIAL", in any case. */
export function readTxTag(value: unknown): "parallel" | "sequential" {
  const normalized = typeof value === "string" ? value.toLowerCase() : "";
  if (normalized !== "parallel" && normalized !== "sequential") {
    throw createInvalidParamsError('tag must be "PARALLEL" or "SEQUENTIAL"');
  }
  return normalized;
}

/** 0x-prefixed hex bytes of even length ("0x" is empty); `what` names the field in the error. */
export function readHexBytes(value: unknown, what: string): Uint8Array {
  if (typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value) && value.length % 2 === 0) return hexToBytes(value as Hex);
  throw createInvalidParamsError(`invalid ${what}: expected 0x-prefixed hex bytes`);
}

/** A signed transaction: hex data with geth's errors, and a lower-case `0x` prefix. */
export function readRawTransaction(value: unknown, index: number): Uint8Array {
  readData(value, index);
  return readHexBytes(value, "raw transaction");
}

/** `parallel_setBatchSize`'s size: a JSON number or hex quantity from 1 to 256. */
export function readBatchSize(value: unknown): number {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) n = Number.parseInt(value, 16);
  else n = Number.NaN;
  if (!Number.isInteger(n) || n < MIN_BATCH_SIZE || n > MAX_BATCH_SIZE) {
    throw createInvalidParamsError(`batch size must be between ${MIN_BATCH_SIZE} and ${MAX_BATCH_SIZE}, got ${String(value)}`);
  }
  return n;
}

export interface ExecuteBatchParams {
  transactions?: Hex[];
  index?: number;
  gasLimit?: bigint;
}

const EXECUTE_BATCH_KEYS = new Set(["transactions", "index", "gasLimit"]);

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
    out.transactions = list as Hex[];
  }
  if (value.index !== undefined && value.index !== null) out.index = readIndex(value.index);
  if (value.gasLimit !== undefined && value.gasLimit !== null) out.gasLimit = readUint64(value.gasLimit, 0);
  if (out.transactions !== undefined && (out.index !== undefined || out.gasLimit !== undefined)) {
    throw createInvalidParamsError("invalid argument 0: give either transactions or index/gasLimit, not both");
  }
  return out;
}
