// Receipts as the node stores them: the consensus receipt plus what RPC needs, and their codec.
import { BLOOM_BYTES, type Log, type Receipt } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToBigInt } from "@ethereumjs/util";

/** A receipt as the node keeps it: the consensus receipt plus what RPC needs beyond it. */
export interface StoredReceipt {
  receipt: Receipt;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /** 20 bytes. */
  sender: Uint8Array;
  /** 20 bytes; only for a successful contract creation. */
  contractAddress?: Uint8Array;
}

type Nested = Uint8Array | Nested[];

const NO_BYTES = new Uint8Array();

/**
 * A receipt without logs has an all-zero bloom: stored as an empty string, it costs 1 byte instead of
 * 257 (the receipts of 1,700 transfers: 67 KB instead of 509 KB). Stores written before this keep the
 * 256 zero bytes, which read the same.
 */
function encodeBloom(bloom: Uint8Array): Uint8Array {
  for (const byte of bloom) if (byte !== 0) return bloom;
  return NO_BYTES;
}

function decodeBloom(stored: Uint8Array): Uint8Array {
  if (stored.length === 0) return new Uint8Array(BLOOM_BYTES);
  if (stored.length !== BLOOM_BYTES) throw new Error(`stored receipt: a bloom of ${stored.length} bytes`);
  return stored;
}

function encodeOne(stored: StoredReceipt): Nested[] {
  const { receipt } = stored;
  return [
    bigIntToUnpaddedBytes(BigInt(receipt.txType)),
    bigIntToUnpaddedBytes(BigInt(receipt.status)),
    bigIntToUnpaddedBytes(receipt.cumulativeGasUsed),
    encodeBloom(receipt.logsBloom),
    receipt.logs.map((log) => [log.address, log.topics, log.data]),
    bigIntToUnpaddedBytes(stored.gasUsed),
    bigIntToUnpaddedBytes(stored.effectiveGasPrice),
    stored.sender,
    stored.contractAddress ?? new Uint8Array(),
    // Only pre-Byzantium receipts have it; absent (older stores) reads as none.
    ...(receipt.postStateRoot === undefined ? [] : [receipt.postStateRoot]),
  ];
}

function bytesAt(fields: Nested[], index: number): Uint8Array {
  const value = fields[index];
  if (!(value instanceof Uint8Array)) throw new Error(`stored receipt: field ${index} is not a byte string`);
  return value;
}

function listAt(fields: Nested[], index: number): Nested[] {
  const value = fields[index];
  if (!Array.isArray(value)) throw new Error(`stored receipt: field ${index} is not a list`);
  return value;
}

function decodeLog(value: Nested): Log {
  if (!Array.isArray(value)) throw new Error("stored receipt: log is not a list");
  return {
    address: bytesAt(value, 0),
    topics: listAt(value, 1).map((topic) => {
      if (!(topic instanceof Uint8Array)) throw new Error("stored receipt: topic is not a byte string");
      return topic;
    }),
    data: bytesAt(value, 2),
  };
}

function decodeOne(value: Nested): StoredReceipt {
  if (!Array.isArray(value)) throw new Error("stored receipt: not a list");
  const contractAddress = bytesAt(value, 8);
  const status = Number(bytesToBigInt(bytesAt(value, 1)));
  const receipt: StoredReceipt["receipt"] = {
    txType: Number(bytesToBigInt(bytesAt(value, 0))),
    status: status === 1 ? 1 : 0,
    cumulativeGasUsed: bytesToBigInt(bytesAt(value, 2)),
    logsBloom: decodeBloom(bytesAt(value, 3)),
    logs: listAt(value, 4).map(decodeLog),
  };
  if (value.length > 9) receipt.postStateRoot = bytesAt(value, 9);
  return {
    receipt,
    gasUsed: bytesToBigInt(bytesAt(value, 5)),
    effectiveGasPrice: bytesToBigInt(bytesAt(value, 6)),
    sender: bytesAt(value, 7),
    ...(contractAddress.length > 0 ? { contractAddress } : {}),
  };
}

/** All receipts of one block, in transaction order, as one RLP value. */
export function encodeStoredReceipts(receipts: readonly StoredReceipt[]): Uint8Array {
  return RLP.encode(receipts.map(encodeOne));
}

export function decodeStoredReceipts(bytes: Uint8Array): StoredReceipt[] {
  const decoded = RLP.decode(bytes) as Nested;
  if (!Array.isArray(decoded)) throw new Error("stored receipts: not a list");
  return decoded.map(decodeOne);
}
