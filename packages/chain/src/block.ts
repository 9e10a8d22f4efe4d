// Blocks and headers in Ethereum's shape: creation, encoding and decoding with the chain's Common.

import type { Block, BlockHeader, HeaderData } from "@ethereumjs/block";
import { Block as BlockClass, createBlockFromRLP, createBlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { hasForkSchedule } from "./chainCommon.js";

export type { Block, BlockHeader, HeaderData };

/**
 * An Ethereum-shaped block (header fields as geth returns them, so ethers and viem parse
 * `eth_getBlockByNumber` unchanged). Prague headers carry withdrawals, blob-gas and requests
 * fields; this chain has no withdrawals or blobs, so they hold their empty values.
 */
export function createChainBlock(header: HeaderData, transactions: TypedTransaction[], common: Common): Block {
  const opts = { common, setHardfork: false } as const;
  // The transactions go in as they are: `createBlock` would construct each one again from its fields.
  return new BlockClass(createBlockHeader(header, opts), transactions, [], [], opts);
}

export function encodeBlock(block: Block): Uint8Array {
  return block.serialize();
}

/** A chain with a fork schedule (geth's genesis format) decodes each block with its own height's rules. */
export function decodeBlock(bytes: Uint8Array, common: Common): Block {
  return createBlockFromRLP(bytes, { common, setHardfork: hasForkSchedule(common) });
}
