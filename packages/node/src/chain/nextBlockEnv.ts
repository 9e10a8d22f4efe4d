// Block environments: the next block's (base fee, timestamp, PREVRANDAO) and the one a past block ran in.
import type { Block } from "@eigenchain/chain";
import { keccak256 } from "@eigenchain/chain";
import type { BlockEnv } from "@eigenchain/executor";
import { bigIntToBytes, concatBytes, setLengthLeft } from "@ethereumjs/util";

/**
 * The environment of the block after `parent`: EIP-1559 base fee from the parent, a timestamp that
 * is at least one second after the parent's, and a PREVRANDAO derived deterministically from the
 * parent (a single producer has no randomness beacon; contracts must not rely on it here).
 */
export function createNextBlockEnv(
  parent: Block,
  nowSeconds: bigint,
  coinbase: Uint8Array,
  recentBlockHashes?: readonly Uint8Array[],
): BlockEnv {
  const parentHeader = parent.header;
  const number = parentHeader.number + 1n;
  const minTimestamp = parentHeader.timestamp + 1n;
  return {
    number,
    timestamp: nowSeconds > minTimestamp ? nowSeconds : minTimestamp,
    gasLimit: parentHeader.gasLimit,
    baseFeePerGas: parentHeader.calcNextBaseFee(),
    coinbase,
    prevRandao: keccak256(concatBytes(parentHeader.mixHash, setLengthLeft(bigIntToBytes(number), 8))),
    parentHash: parent.hash(),
    // BLOCKHASH's window (n−1 … n−256, newest first); without it only the parent's hash is seen.
    ...(recentBlockHashes !== undefined ? { recentBlockHashes } : {}),
  };
}

/** The environment a block itself ran in (eth_call at that block). */
export function getBlockEnv(block: Block): BlockEnv {
  const header = block.header;
  return {
    number: header.number,
    timestamp: header.timestamp,
    gasLimit: header.gasLimit,
    baseFeePerGas: header.baseFeePerGas ?? 0n,
    coinbase: header.coinbase.bytes,
    prevRandao: header.mixHash,
    parentHash: header.parentHash,
  };
}
