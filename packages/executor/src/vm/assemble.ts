import { BLOOM_BYTES, createLogsBloom, encodeReceipt, orBloom } from "@eigenchain/chain";
import type { Receipt, TypedTransaction } from "@eigenchain/chain";
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

/** Receipts, cumulative gas, blooms and the receipts root of the included transactions, in order. */
export async function assembleBlock(included: readonly IncludedTx[]): Promise<AssembledBlock> {
  let cumulative = 0n;
  const logsBloom = new Uint8Array(BLOOM_BYTES);
  const receipts: Receipt[] = [];
  const transactions: ExecutedTransaction[] = included.map(({ tx, sender, execution }) => {
    cumulative += execution.gasUsed;
    const bloom = createLogsBloom(execution.logs);
    orBloom(logsBloom, bloom);
    const receipt: Receipt = { txType: tx.type, status: execution.status, cumulativeGasUsed: cumulative, logsBloom: bloom, logs: execution.logs };
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
    return out;
  });
  return { transactions, receiptsRoot: computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak), logsBloom, gasUsed: cumulative };
}
