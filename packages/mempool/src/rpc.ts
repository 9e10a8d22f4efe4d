// Queries over a ParallelPool for the node's txpool_ and parallel_ RPC methods.
import { decodeTransaction, recoverSender, type TypedTransaction } from "@eigenchain/chain";
import { bigIntToHex, bytesToHex, hexToBytes, isHexString, toChecksumAddress } from "@ethereumjs/util";
import { createMempoolError, type MempoolErrorType } from "./errors.js";
import type { ParallelPool, ParallelStats } from "./parallelPool.js";
import { type AccessSet, accessSetsConflict } from "./pool/accessSet.js";
import { getBatchId, MAX_BATCH_SIZE, MIN_BATCH_SIZE } from "./pool/batchBuilder.js";
import { getTxTag, tagData } from "./pool/tags.js";
import type { PoolTx } from "./pool/types.js";

/**
 * RPC-shaped queries over a `ParallelPool`, for the node's `txpool_*` and `parallel_*` methods.
 * `txpool_*` return geth's JSON shapes (hex quantities, checksummed sender keys, decimal nonce
 * keys). `parallel_*` return plain JSON numbers for counts and sizes.
 */

type Hex = `0x${string}`;

function hexQuantity(n: bigint | number): Hex {
  return bigIntToHex(BigInt(n)) as Hex;
}

/** geth's `RPCTransaction` for a pooled (not yet mined) transaction. */
export interface RpcPoolTransaction {
  blockHash: null;
  blockNumber: null;
  transactionIndex: null;
  from: string;
  gas: Hex;
  gasPrice: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  hash: Hex;
  input: Hex;
  nonce: Hex;
  to: string | null;
  value: Hex;
  type: Hex;
  accessList?: { address: string; storageKeys: string[] }[];
  chainId?: Hex;
  v: Hex;
  r: Hex;
  s: Hex;
  yParity?: Hex;
}

/** A pooled transaction as `eth_getTransactionByHash` and `txpool_content` show it (gasPrice: what it pays at `baseFee`). */
export function toRpcTransaction(ptx: PoolTx, baseFee: bigint): RpcPoolTransaction {
  const tx = ptx.tx;
  const effective = ptx.maxFee < baseFee + ptx.maxTip ? ptx.maxFee : baseFee + ptx.maxTip;
  const out: RpcPoolTransaction = {
    blockHash: null,
    blockNumber: null,
    transactionIndex: null,
    from: toChecksumAddress(ptx.senderHex),
    gas: hexQuantity(tx.gasLimit),
    gasPrice: hexQuantity(tx.type === 0 || tx.type === 1 ? ptx.maxFee : effective),
    hash: ptx.hashHex as Hex,
    input: bytesToHex(tx.data) as Hex,
    nonce: hexQuantity(tx.nonce),
    to: tx.to === undefined ? null : toChecksumAddress(tx.to.toString()),
    value: hexQuantity(tx.value),
    type: hexQuantity(tx.type),
    v: hexQuantity(tx.v ?? 0n),
    r: hexQuantity(tx.r ?? 0n),
    s: hexQuantity(tx.s ?? 0n),
  };
  if (tx.type !== 0) {
    out.chainId = hexQuantity(tx.common.chainId());
    out.yParity = hexQuantity(tx.v ?? 0n);
    if ("accessList" in tx) {
      out.accessList = tx.accessList.map(([address, keys]) => ({
        address: toChecksumAddress(bytesToHex(address)),
        storageKeys: keys.map((k) => bytesToHex(k)),
      }));
    }
  }
  if ("maxFeePerGas" in tx) {
    out.maxFeePerGas = hexQuantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = hexQuantity(tx.maxPriorityFeePerGas);
  }
  return out;
}

/** `txpool_status`: `{pending, queued}` as hex quantities. */
export function getTxpoolStatus(pool: ParallelPool): { pending: Hex; queued: Hex } {
  const s = pool.status();
  return { pending: hexQuantity(s.pending), queued: hexQuantity(s.queued) };
}

type ByAccount<T> = Record<string, Record<string, T>>;

function groupByAccount<T>(lists: Map<string, PoolTx[]>, map: (tx: PoolTx) => T): ByAccount<T> {
  const out: ByAccount<T> = {};
  for (const sender of [...lists.keys()].sort()) {
    const byNonce: Record<string, T> = {};
    for (const tx of lists.get(sender) ?? []) byNonce[tx.nonce.toString()] = map(tx);
    out[toChecksumAddress(sender)] = byNonce;
  }
  return out;
}

function poolContent(pool: ParallelPool): { pending: Map<string, PoolTx[]>; queued: Map<string, PoolTx[]> } {
  return pool.content();
}

/** `txpool_content`: per checksummed sender, per decimal nonce, the transaction. */
export function getTxpoolContent(pool: ParallelPool): { pending: ByAccount<RpcPoolTransaction>; queued: ByAccount<RpcPoolTransaction> } {
  const { pending, queued } = poolContent(pool);
  const baseFee = pool.baseFeePerGas;
  return {
    pending: groupByAccount(pending, (t) => toRpcTransaction(t, baseFee)),
    queued: groupByAccount(queued, (t) => toRpcTransaction(t, baseFee)),
  };
}

/** `txpool_contentFrom(address)`: one sender's pending and queued transactions by decimal nonce. */
export function getTxpoolContentFrom(
  pool: ParallelPool,
  address: string,
): { pending: Record<string, RpcPoolTransaction>; queued: Record<string, RpcPoolTransaction> } {
  const key = parseAddress(address);
  const { pending, queued } = poolContent(pool);
  const baseFee = pool.baseFeePerGas;
  const pick = (lists: Map<string, PoolTx[]>) => {
    const out: Record<string, RpcPoolTransaction> = {};
    for (const tx of lists.get(key) ?? []) out[tx.nonce.toString()] = toRpcTransaction(tx, baseFee);
    return out;
  };
  return { pending: pick(pending), queued: pick(queued) };
}

/** geth's one-line summary: `0xTo: 1 wei + 21000 gas × 1000000000 wei` (`contract creation: …`). */
export function inspectLine(ptx: PoolTx): string {
  const to = ptx.tx.to === undefined ? "contract creation" : toChecksumAddress(ptx.tx.to.toString());
  return `${to}: ${ptx.value} wei + ${ptx.gasLimit} gas × ${ptx.maxFee} wei`;
}

/** `txpool_inspect`: per checksummed sender, per decimal nonce, the summary line. */
export function getTxpoolInspect(pool: ParallelPool): { pending: ByAccount<string>; queued: ByAccount<string> } {
  const { pending, queued } = poolContent(pool);
  return { pending: groupByAccount(pending, inspectLine), queued: groupByAccount(queued, inspectLine) };
}

function invalidParams(message: string): never {
  throw createMempoolError({ type: { code: "MEMPOOL_INVALID_PARAMS" }, message });
}

function parseAddress(address: string): string {
  if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) invalidParams("invalid address");
  return address.toLowerCase();
}

function parseBytes(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string" && (value === "0x" || isHexString(value)) && value.length % 2 === 0) {
    return value === "0x" ? new Uint8Array() : hexToBytes(value as Hex);
  }
  return invalidParams(`invalid ${what}: expected 0x-prefixed hex bytes`);
}

/**
 * `parallel_tagTransaction(data, tag)`: the data to sign with the `PARALLEL` or `SEQUENTIAL` prefix
 * (an existing tag is replaced). For a transaction request object use `tagTransactionRequest`.
 */
export function tagTransactionData(data: unknown, tag: unknown): Hex {
  const normalized = typeof tag === "string" ? tag.toLowerCase() : "";
  if (normalized !== "parallel" && normalized !== "sequential") invalidParams('tag must be "PARALLEL" or "SEQUENTIAL"');
  return bytesToHex(tagData(parseBytes(data, "data"), normalized)) as Hex;
}

/** `parallel_tagTransaction` for a transaction request object: returns it with `data` and `input` tagged. */
export function tagTransactionRequest(request: Record<string, unknown>, tag: unknown): Record<string, unknown> {
  const data = request.input ?? request.data ?? "0x";
  const tagged = tagTransactionData(data, tag);
  return { ...request, data: tagged, input: tagged };
}

/** `parallel_getBatchSize`. */
export function getParallelBatchSize(pool: ParallelPool): number {
  return pool.getBatchSize();
}

/**
 * `parallel_setBatchSize(size)`: 1–256 (a JSON number or hex quantity). Changes behaviour, so
 * refused with `MEMPOOL_METHOD_DISABLED` unless the pool was built with `allowRuntimeConfig`.
 */
export function setParallelBatchSize(pool: ParallelPool, size: unknown): boolean {
  if (!pool.allowRuntimeConfig) {
    throw createMempoolError({
      type: { code: "MEMPOOL_METHOD_DISABLED", method: "parallel_setBatchSize" },
      message: "parallel_setBatchSize is disabled; enable runtime configuration to use it",
    });
  }
  let n: number;
  if (typeof size === "number") n = size;
  else if (typeof size === "string" && /^0x[0-9a-fA-F]+$/.test(size)) n = Number.parseInt(size, 16);
  else n = Number.NaN;
  if (!Number.isInteger(n) || n < MIN_BATCH_SIZE || n > MAX_BATCH_SIZE) {
    const type: MempoolErrorType = { code: "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE", size: n, min: MIN_BATCH_SIZE, max: MAX_BATCH_SIZE };
    throw createMempoolError({ type, message: `batch size must be between ${MIN_BATCH_SIZE} and ${MAX_BATCH_SIZE}, got ${String(size)}` });
  }
  pool.setBatchSize(n);
  return true;
}

/** `parallel_stats`. */
export function getParallelStats(pool: ParallelPool): ParallelStats {
  return pool.getStats();
}

export interface AccessSetJson {
  accounts: string[];
  storage: string[];
  sources: string[];
  binding: boolean;
  isolated: boolean;
}

function accessSetJson(set: AccessSet): AccessSetJson {
  const sources = (["declared", "predicted", "learned"] as const).filter((s) => set.sources[s]);
  return { accounts: set.accounts, storage: set.slots, sources, binding: set.binding, isolated: set.isolated };
}

export interface TransactionAnalysis {
  hash: Hex;
  from: string;
  type: Hex;
  tag: "PARALLEL" | "SEQUENTIAL" | null;
  accessSet: AccessSetJson;
  /** Pending transactions it conflicts with (it would run in a later batch than each). */
  conflicts: { hash: Hex; from: string; nonce: Hex }[];
  verdict: "parallel" | "sequential" | "conflicting";
  reason: string;
}

function decodeForRpc(pool: ParallelPool, raw: unknown): { tx: TypedTransaction; sender: Uint8Array; bytes: Uint8Array } {
  const bytes = parseBytes(raw, "raw transaction");
  const tx = decodeTransaction(bytes, pool.chainCommon);
  return { tx, sender: recoverSender(tx).bytes, bytes };
}

/**
 * `parallel_analyzeTransaction(raw)`: the access set the pool would give a signed transaction, the
 * pending transactions it conflicts with, and a verdict: "sequential" (isolated by tag or type),
 * "conflicting" (runs after the listed ones), or "parallel".
 */
export function analyzeTransaction(pool: ParallelPool, raw: unknown): TransactionAnalysis {
  const { tx, sender } = decodeForRpc(pool, raw);
  const set = pool.deriveAccessSet(tx, sender);
  const hash = bytesToHex(tx.hash()) as Hex;
  const conflicts: TransactionAnalysis["conflicts"] = pool
    .getPendingConflicts(set, hash)
    .map((other) => ({ hash: other.hashHex as Hex, from: toChecksumAddress(other.senderHex), nonce: hexQuantity(other.nonce) }));
  const tag = getTxTag(tx.data);
  let verdict: TransactionAnalysis["verdict"];
  let reason: string;
  if (set.isolated) {
    verdict = "sequential";
    reason = set.reason;
  } else if (conflicts.length > 0) {
    verdict = "conflicting";
    reason = `${set.reason}; conflicts with ${conflicts.length} pending transaction(s)${tag === "parallel" ? " (the PARALLEL tag does not override a detected conflict)" : ""}`;
  } else {
    verdict = "parallel";
    reason = `${set.reason}; no conflict with pending transactions`;
  }
  return {
    hash,
    from: toChecksumAddress(bytesToHex(sender)),
    type: hexQuantity(tx.type),
    tag: tag === "none" ? null : tag === "parallel" ? "PARALLEL" : "SEQUENTIAL",
    accessSet: accessSetJson(set),
    conflicts,
    verdict,
    reason,
  };
}

/** What the executor needs to dry-run one batch (`parallel_executeBatch`). */
export interface BatchForExecution {
  id: Hex;
  transactions: { hash: Hex; from: string; raw: Hex; tx: TypedTransaction; sender: Uint8Array; accessSet: AccessSetJson }[];
  /** Pairs of indexes whose predicted access sets intersect (non-empty only for caller-given batches). */
  predictedConflicts: [number, number][];
}

/**
 * The batch `parallel_executeBatch` dry-runs: the given signed transactions (`{transactions:
 * [raw…]}`), or batch `index` (default 0) of the selection the pool would propose now
 * (`{index, gasLimit}`). The executor runs it against the latest state without committing,
 * sequentially and in parallel, and reports per-transaction results, the conflicts it actually
 * found, and both times; its access reports go back through `pool.recordExecution`.
 */
export function getBatchForExecution(
  pool: ParallelPool,
  params: { transactions?: unknown[]; index?: number; gasLimit?: bigint } = {},
): BatchForExecution {
  let items: { tx: TypedTransaction; sender: Uint8Array; raw: Uint8Array; accessSet: AccessSet }[];
  if (params.transactions !== undefined) {
    if (!Array.isArray(params.transactions) || params.transactions.length === 0 || params.transactions.length > MAX_BATCH_SIZE) {
      invalidParams(`transactions must be a list of 1 to ${MAX_BATCH_SIZE} signed transactions`);
    }
    items = params.transactions.map((r) => {
      const { tx, sender, bytes } = decodeForRpc(pool, r);
      return { tx, sender, raw: bytes, accessSet: pool.deriveAccessSet(tx, sender) };
    });
  } else {
    const selection = pool.selectForBlock(params.gasLimit ?? pool.gasLimit);
    const batch = selection.batches[params.index ?? 0];
    items = (batch?.transactions ?? []).map((t) => {
      const p = t as PoolTx;
      return { tx: p.tx, sender: p.sender, raw: p.raw, accessSet: p.accessSet };
    });
  }
  const predictedConflicts: [number, number][] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (accessSetsConflict((items[i] as (typeof items)[number]).accessSet, (items[j] as (typeof items)[number]).accessSet)) {
        predictedConflicts.push([i, j]);
      }
    }
  }
  return {
    id: getBatchId(items.map((i) => ({ hash: i.tx.hash() }))) as Hex,
    transactions: items.map((i) => ({
      hash: bytesToHex(i.tx.hash()) as Hex,
      from: toChecksumAddress(bytesToHex(i.sender)),
      raw: bytesToHex(i.raw) as Hex,
      tx: i.tx,
      sender: i.sender,
      accessSet: accessSetJson(i.accessSet),
    })),
    predictedConflicts,
  };
}
