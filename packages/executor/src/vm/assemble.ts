// A block's receipts, blooms and receipts root from its included transactions.

import type { Log, Receipt, TypedTransaction } from "@eigenchain/chain";
import { BLOOM_BYTES, createLogsBloom, encodeReceipt, orBloom } from "@eigenchain/chain";
import { keccak } from "../crypto/keccak.js";
import type { ExecutedTransaction } from "../interface.js";
import { computeIndexedTrieRoot } from "../state/trie.js";
import type { TxExecution } from "./txKernel.js";

export interface IncludedTx {
  tx: TypedTransaction;
  sender: Uint8Array;
  execution: TxExecution;
}

export interface AssembledBlock {
  transactions: ExecutedTransaction[];
  receiptsRoot: Uint8Array;
  logsBloom: Uint8Array;
  gasUsed: bigint;
}

/** What the receipts of a block need from each transaction (clonable to a worker). */
export interface ReceiptInput {
  txType: number;
  status: 0 | 1;
  gasUsed: bigint;
  logs: Log[];
}

/** Per-receipt blooms (256 bytes each, concatenated), the block bloom and the receipts root. */
export interface ReceiptsSummary {
  blooms: Uint8Array;
  logsBloom: Uint8Array;
  receiptsRoot: Uint8Array;
}

/** The blooms and receipts root of a block's receipts: pure CPU, runs on a worker or here. */
export function computeReceiptsSummary(items: readonly ReceiptInput[]): ReceiptsSummary {
  let cumulative = 0n;
  const blooms = new Uint8Array(items.length * BLOOM_BYTES);
  const logsBloom = new Uint8Array(BLOOM_BYTES);
  const encoded = items.map((item, i) => {
    cumulative += item.gasUsed;
    const bloom = createLogsBloom(item.logs, keccak);
    blooms.set(bloom, i * BLOOM_BYTES);
    orBloom(logsBloom, bloom);
    return encodeReceipt({ txType: item.txType, status: item.status, cumulativeGasUsed: cumulative, logsBloom: bloom, logs: item.logs });
  });
  return { blooms, logsBloom, receiptsRoot: computeIndexedTrieRoot(encoded, keccak) };
}

/**
 * Receipts, cumulative gas, blooms and the receipts root of the included transactions, in order.
 * `summary` (from `computeReceiptsSummary` of the same transactions, e.g. on a worker) skips
 * recomputing blooms and root here.
 */
export async function assembleBlock(included: readonly IncludedTx[], summary?: ReceiptsSummary): Promise<AssembledBlock> {
  let cumulative = 0n;
  const logsBloom = summary?.logsBloom ?? new Uint8Array(BLOOM_BYTES);
  const receipts: Receipt[] = [];
  const transactions: ExecutedTransaction[] = included.map(({ tx, sender, execution }, i) => {
    cumulative += execution.gasUsed;
    const bloom =
      summary !== undefined ? summary.blooms.slice(i * BLOOM_BYTES, (i + 1) * BLOOM_BYTES) : createLogsBloom(execution.logs, keccak);
    if (summary === undefined) orBloom(logsBloom, bloom);
    const receipt: Receipt = {
      txType: tx.type,
      status: execution.status,
      cumulativeGasUsed: cumulative,
      logsBloom: bloom,
      logs: execution.logs,
    };
    receipts.push(receipt);
    const out: ExecutedTransaction = {
      tx,
      sender,
      receipt,
      gasUsed: execution.gasUsed,
      effectiveGasPrice: execution.effectiveGasPrice,
      logs: execution.logs,
    };
    if (execution.contractAddress !== undefined) out.contractAddress = execution.contractAddress;
    if (execution.error !== undefined) out.error = execution.error;
    if (execution.revertData !== undefined) out.revertData = execution.revertData;
    if (execution.accessed !== undefined) out.accessed = execution.accessed;
    return out;
  });
  const receiptsRoot = summary !== undefined ? summary.receiptsRoot : computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak);
  return { transactions, receiptsRoot, logsBloom, gasUsed: cumulative };
}
