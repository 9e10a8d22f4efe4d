// Ethereum JSON-RPC shapes (as geth returns them) for blocks, transactions, receipts and logs.
import type { Block, Log, TypedTransaction } from "@eigenchain/chain";
import { getBlockSize, toHex } from "@eigenchain/chain";
import { bigIntToHex } from "@ethereumjs/util";
import type { StoredReceipt } from "../store/storedReceipt.js";

/** Ethereum JSON-RPC shapes (as geth returns them) for blocks, transactions, receipts and logs. */

export type Hex = `0x${string}`;

export function toQuantity(value: bigint | number): Hex {
  return bigIntToHex(BigInt(value)) as Hex;
}

export function toData(bytes: Uint8Array): Hex {
  return toHex(bytes) as Hex;
}

/** Where a transaction sits, when it is in a block. */
export interface TxPlacement {
  blockHash: Uint8Array;
  blockNumber: bigint;
  index: number;
  baseFeePerGas: bigint;
  /** The block's timestamp (current geth returns it with mined transactions). */
  blockTimestamp?: bigint;
}

function effectiveGasPrice(tx: TypedTransaction, baseFeePerGas: bigint | undefined): bigint {
  if ("maxFeePerGas" in tx && "maxPriorityFeePerGas" in tx) {
    if (baseFeePerGas === undefined) return tx.maxFeePerGas;
    const tip = tx.maxFeePerGas - baseFeePerGas < tx.maxPriorityFeePerGas ? tx.maxFeePerGas - baseFeePerGas : tx.maxPriorityFeePerGas;
    return baseFeePerGas + tip;
  }
  return (tx as { gasPrice: bigint }).gasPrice;
}

export function formatTransaction(tx: TypedTransaction, sender: Uint8Array, placement: TxPlacement | undefined): Record<string, unknown> {
  const json = tx.toJSON() as Record<string, unknown>;
  const result: Record<string, unknown> = {
    blockHash: placement === undefined ? null : toData(placement.blockHash),
    blockNumber: placement === undefined ? null : toQuantity(placement.blockNumber),
    transactionIndex: placement === undefined ? null : toQuantity(placement.index),
    hash: toData(tx.hash()),
    type: toQuantity(tx.type),
    from: toData(sender),
    to: tx.to === undefined ? null : tx.to.toString(),
    nonce: toQuantity(tx.nonce),
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(effectiveGasPrice(tx, placement?.baseFeePerGas)),
    value: toQuantity(tx.value),
    input: toData(tx.data),
    v: json.v ?? "0x0",
    r: json.r ?? "0x0",
    s: json.s ?? "0x0",
  };
  // A legacy transaction signed without EIP-155 (v 27/28) has no chain id, as geth shows it.
  const unprotected = tx.type === 0 && (json.v === "0x1b" || json.v === "0x1c");
  if (json.chainId !== undefined && !unprotected) result.chainId = json.chainId;
  if ("maxFeePerGas" in tx && "maxPriorityFeePerGas" in tx) {
    result.maxFeePerGas = toQuantity(tx.maxFeePerGas);
    result.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
  }
  if (placement?.blockTimestamp !== undefined) result.blockTimestamp = toQuantity(placement.blockTimestamp);
  if (json.maxFeePerBlobGas !== undefined) result.maxFeePerBlobGas = json.maxFeePerBlobGas;
  if (json.blobVersionedHashes !== undefined) result.blobVersionedHashes = json.blobVersionedHashes;
  if (json.accessList !== undefined) result.accessList = json.accessList;
  if (json.authorizationList !== undefined) result.authorizationList = json.authorizationList;
  if (tx.type !== 0) result.yParity = json.v ?? "0x0";
  return result;
}

export interface LogPlacement {
  blockHash: Uint8Array;
  blockNumber: bigint;
  transactionHash: Uint8Array;
  transactionIndex: number;
  logIndex: number;
  blockTimestamp: bigint;
}

export function formatLog(log: Log, placement: LogPlacement, removed = false): Record<string, unknown> {
  return {
    address: toData(log.address),
    topics: log.topics.map(toData),
    data: toData(log.data),
    blockNumber: toQuantity(placement.blockNumber),
    blockHash: toData(placement.blockHash),
    blockTimestamp: toQuantity(placement.blockTimestamp),
    transactionHash: toData(placement.transactionHash),
    transactionIndex: toQuantity(placement.transactionIndex),
    logIndex: toQuantity(placement.logIndex),
    removed,
  };
}

/** A log with its position in the chain (block-level log index). */
export interface PlacedLog {
  log: Log;
  placement: LogPlacement;
}

/** Every log of a block with block-level log indexes, in order. */
export function placeBlockLogs(block: Block, receipts: readonly StoredReceipt[]): PlacedLog[] {
  const placed: PlacedLog[] = [];
  const blockHash = block.hash();
  let logIndex = 0;
  for (const [transactionIndex, stored] of receipts.entries()) {
    const tx = block.transactions[transactionIndex];
    if (tx === undefined) break;
    const transactionHash = tx.hash();
    for (const log of stored.receipt.logs) {
      placed.push({
        log,
        placement: {
          blockHash,
          blockNumber: block.header.number,
          transactionHash,
          transactionIndex,
          logIndex: logIndex++,
          blockTimestamp: block.header.timestamp,
        },
      });
    }
  }
  return placed;
}

export function formatReceipt(block: Block, receipts: readonly StoredReceipt[], index: number): Record<string, unknown> | null {
  const stored = receipts[index];
  const tx = block.transactions[index];
  if (stored === undefined || tx === undefined) return null;
  const firstLogIndex = receipts.slice(0, index).reduce((sum, r) => sum + r.receipt.logs.length, 0);
  const blockHash = block.hash();
  const transactionHash = tx.hash();
  return {
    transactionHash: toData(transactionHash),
    transactionIndex: toQuantity(index),
    blockHash: toData(blockHash),
    blockNumber: toQuantity(block.header.number),
    from: toData(stored.sender),
    to: tx.to === undefined ? null : tx.to.toString(),
    cumulativeGasUsed: toQuantity(stored.receipt.cumulativeGasUsed),
    gasUsed: toQuantity(stored.gasUsed),
    effectiveGasPrice: toQuantity(stored.effectiveGasPrice),
    contractAddress: stored.contractAddress === undefined ? null : toData(stored.contractAddress),
    logs: stored.receipt.logs.map((log, i) =>
      formatLog(log, {
        blockHash,
        blockNumber: block.header.number,
        transactionHash,
        transactionIndex: index,
        logIndex: firstLogIndex + i,
        blockTimestamp: block.header.timestamp,
      }),
    ),
    logsBloom: toData(stored.receipt.logsBloom),
    // A pre-Byzantium receipt (an imported chain) has the post-state root instead of a status, as in geth.
    ...(stored.receipt.postStateRoot === undefined
      ? { status: toQuantity(stored.receipt.status) }
      : { root: toData(stored.receipt.postStateRoot) }),
    type: toQuantity(stored.receipt.txType),
  };
}

/** Header fields as geth returns them; `transactions` are hashes or full objects. */
export function formatBlock(block: Block, fullTransactions: boolean, senders?: readonly Uint8Array[]): Record<string, unknown> {
  const header = block.header;
  const blockHash = block.hash();
  const result: Record<string, unknown> = {
    number: toQuantity(header.number),
    hash: toData(blockHash),
    parentHash: toData(header.parentHash),
    nonce: toData(header.nonce),
    sha3Uncles: toData(header.uncleHash),
    logsBloom: toData(header.logsBloom),
    transactionsRoot: toData(header.transactionsTrie),
    stateRoot: toData(header.stateRoot),
    receiptsRoot: toData(header.receiptTrie),
    miner: header.coinbase.toString(),
    difficulty: toQuantity(header.difficulty),
    extraData: toData(header.extraData),
    size: toQuantity(getBlockSize(block)),
    gasLimit: toQuantity(header.gasLimit),
    gasUsed: toQuantity(header.gasUsed),
    timestamp: toQuantity(header.timestamp),
    mixHash: toData(header.mixHash),
    uncles: [],
    transactions: block.transactions.map((tx, index) =>
      fullTransactions
        ? formatTransaction(tx, senders?.[index] ?? tx.getSenderAddress().bytes, {
            blockHash,
            blockNumber: header.number,
            index,
            baseFeePerGas: header.baseFeePerGas ?? 0n,
            blockTimestamp: header.timestamp,
          })
        : toData(tx.hash()),
    ),
  };
  if (header.baseFeePerGas !== undefined) result.baseFeePerGas = toQuantity(header.baseFeePerGas);
  if (header.withdrawalsRoot !== undefined) {
    result.withdrawalsRoot = toData(header.withdrawalsRoot);
    result.withdrawals = (block.withdrawals ?? []).map((w) => w.toJSON());
  }
  if (header.blobGasUsed !== undefined) result.blobGasUsed = toQuantity(header.blobGasUsed);
  if (header.excessBlobGas !== undefined) result.excessBlobGas = toQuantity(header.excessBlobGas);
  if (header.parentBeaconBlockRoot !== undefined) result.parentBeaconBlockRoot = toData(header.parentBeaconBlockRoot);
  if (header.requestsHash !== undefined) result.requestsHash = toData(header.requestsHash);
  return result;
}
