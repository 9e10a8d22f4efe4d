// Receipts as consensus sees them: encoding, per-receipt and block logs blooms, the receipts root.
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, concatBytes } from "@ethereumjs/util";
import { addToBloom, BLOOM_BYTES } from "./bloom.js";

/** One EVM log as it appears in a receipt. */
export interface Log {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

/** The consensus part of a receipt: exactly what goes into the receipts root. */
export interface Receipt {
  txType: number;
  status: 0 | 1;
  cumulativeGasUsed: bigint;
  logsBloom: Uint8Array;
  logs: Log[];
  /**
   * Before Byzantium (EIP-658) a receipt held the state root after its transaction where the status
   * is now; set only for such receipts (chains imported from a geth genesis), `status` then says
   * whether the transaction succeeded.
   */
  postStateRoot?: Uint8Array;
}

/** The logs bloom of one receipt; `keccak` as in `addToBloom`. */
export function createLogsBloom(logs: readonly Log[], keccak?: (data: Uint8Array) => Uint8Array): Uint8Array {
  const bloom = new Uint8Array(BLOOM_BYTES);
  for (const log of logs) {
    addToBloom(bloom, log.address, keccak);
    for (const topic of log.topics) addToBloom(bloom, topic, keccak);
  }
  return bloom;
}

/** EIP-2718 receipt encoding: `rlp([status or post-state root, cumulativeGasUsed, bloom, logs])`, prefixed by the type for typed txs. */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const body = RLP.encode([
    receipt.postStateRoot ?? (receipt.status === 1 ? Uint8Array.of(1) : Uint8Array.of()),
    bigIntToUnpaddedBytes(receipt.cumulativeGasUsed),
    receipt.logsBloom,
    receipt.logs.map((log) => [log.address, log.topics, log.data]),
  ]);
  return receipt.txType === 0 ? body : concatBytes(Uint8Array.of(receipt.txType), body);
}
