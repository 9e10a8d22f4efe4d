// parallel_analyzeTransaction's verdict and the batch parallel_executeBatch dry-runs, from the pool's typed queries.
import { decodeTransaction, recoverSender, type TypedTransaction } from "@eigenchain/chain";
import { type AccessSet, accessSetsConflict, getBatchId, getTxTag, type ParallelPool, type PoolTx } from "@eigenchain/mempool";
import { toChecksumAddress } from "@ethereumjs/util";
import { type Hex, toData, toQuantity } from "./format.js";
import { type AccessSetJson, formatAccessSet } from "./poolFormat.js";

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

/** A signed transaction and its sender; decoder and signature errors (`TX_*`) are thrown as they are. */
function decodeSigned(pool: ParallelPool, raw: Uint8Array): { tx: TypedTransaction; sender: Uint8Array } {
  const tx = decodeTransaction(raw, pool.chainCommon);
  return { tx, sender: recoverSender(tx).bytes };
}

/**
 * `parallel_analyzeTransaction(raw)`: the access set the pool would give a signed transaction, the
 * pending transactions it conflicts with, and a verdict: "sequential" (isolated by tag or type),
 * "conflicting" (runs after the listed ones), or "parallel".
 */
export function analyzeTransaction(pool: ParallelPool, raw: Uint8Array): TransactionAnalysis {
  const { tx, sender } = decodeSigned(pool, raw);
  const set = pool.deriveAccessSet(tx, sender);
  const hash = toData(tx.hash());
  const conflicts: TransactionAnalysis["conflicts"] = pool
    .getPendingConflicts(set, hash)
    .map((other) => ({ hash: other.hashHex as Hex, from: toChecksumAddress(other.senderHex), nonce: toQuantity(other.nonce) }));
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
    from: toChecksumAddress(toData(sender)),
    type: toQuantity(tx.type),
    tag: tag === "none" ? null : tag === "parallel" ? "PARALLEL" : "SEQUENTIAL",
    accessSet: formatAccessSet(set),
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

/** Which batch to dry-run: caller-given signed transactions, or batch `index` of the selection at `gasLimit`. */
export interface BatchRequest {
  transactions?: readonly Uint8Array[];
  index?: number;
  gasLimit?: bigint;
}

type BatchItem = { tx: TypedTransaction; sender: Uint8Array; raw: Uint8Array; accessSet: AccessSet };

function getBatchItems(pool: ParallelPool, request: BatchRequest): BatchItem[] {
  if (request.transactions !== undefined) {
    return request.transactions.map((raw) => {
      const { tx, sender } = decodeSigned(pool, raw);
      return { tx, sender, raw, accessSet: pool.deriveAccessSet(tx, sender) };
    });
  }
  const selection = pool.selectForBlock(request.gasLimit ?? pool.gasLimit);
  const batch = selection.batches[request.index ?? 0];
  return (batch?.transactions ?? []).map((t) => {
    const p = t as PoolTx;
    return { tx: p.tx, sender: p.sender, raw: p.raw, accessSet: p.accessSet };
  });
}

/**
 * The batch `parallel_executeBatch` dry-runs: the given signed transactions, or batch `index`
 * (default 0) of the selection the pool would propose now. The executor runs it against the latest
 * state without committing, sequentially and in parallel, and reports per-transaction results, the
 * conflicts it actually found, and both times; its access reports go back through
 * `pool.recordExecution`.
 */
export function getBatchForExecution(pool: ParallelPool, request: BatchRequest = {}): BatchForExecution {
  const items = getBatchItems(pool, request);
  const predictedConflicts: [number, number][] = [];
  for (const [i, a] of items.entries()) {
    for (let j = i + 1; j < items.length; j++) {
      const b = items[j];
      if (b !== undefined && accessSetsConflict(a.accessSet, b.accessSet)) predictedConflicts.push([i, j]);
    }
  }
  return {
    id: getBatchId(items.map((i) => ({ hash: i.tx.hash() }))) as Hex,
    transactions: items.map((i) => ({
      hash: toData(i.tx.hash()),
      from: toChecksumAddress(toData(i.sender)),
      raw: toData(i.raw),
      tx: i.tx,
      sender: i.sender,
      accessSet: formatAccessSet(i.accessSet),
    })),
    predictedConflicts,
  };
}
