// Blocks and headers in Ethereum's shape: creation, encoding and decoding with the chain's Common.

import type { Block, BlockHeader, HeaderData } from "@ethereumjs/block";
import { Block as BlockClass, createBlockFromBytesArray, createBlockFromRLP, createBlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import type { TypedTransaction } from "@ethereumjs/tx";
import { hasForkSchedule } from "./chainCommon.js";
import { decodeOrReuseBlockTransaction, type KnownTransactionLookup } from "./transaction.js";

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

/** The RLP length of blocks this process encoded or decoded: RPC reports it as `size` on every read. */
const encodedSizes = new WeakMap<Block, number>();

export function encodeBlock(block: Block): Uint8Array {
  const bytes = block.serialize();
  encodedSizes.set(block, bytes.length);
  return bytes;
}

/**
 * A block's RLP length (`size` in eth_getBlockBy*), known without encoding it again when this process
 * stored or read it: encoding a block of 1,000 transfers anew for each read took milliseconds and ~2 MB.
 */
export function getBlockSize(block: Block): number {
  return encodedSizes.get(block) ?? encodeBlock(block).length;
}

/**
 * A block from its RLP. EIGENChain's own chains decode the transactions like the pool does
 * (`decodeBlockTransaction`: one shared Common, hash and sender address cached): ethereumjs's block
 * decoder copies the Common and merges its parameter tables for every transaction (~0.25 ms each, a
 * validator's whole share of a large proposal). A chain with a fork schedule (geth's genesis format)
 * decodes each block with its own height's rules, through ethereumjs as it is. `knownTransaction`
 * offers transactions this node already decoded (its pool's, for a proposal), taken by hash instead of
 * decoding the same bytes again.
 */
export function decodeBlock(bytes: Uint8Array, common: Common, knownTransaction?: KnownTransactionLookup): Block {
  const opts = { common, setHardfork: hasForkSchedule(common) };
  if (opts.setHardfork || common.isActivatedEIP(7934)) return createBlockFromRLP(bytes, opts);
  const values = RLP.decode(bytes);
  // Anything not shaped like a block gets ethereumjs's own error.
  if (!Array.isArray(values) || !Array.isArray(values[1])) return createBlockFromRLP(bytes, opts);
  const [headerData, txsData, ...rest] = values;
  // The header, uncles and withdrawals with ethereumjs's checks; the transactions here.
  const shell = createBlockFromBytesArray([headerData, [], ...rest] as unknown as Parameters<typeof createBlockFromBytesArray>[0], opts);
  const transactions = txsData.map((tx) =>
    decodeOrReuseBlockTransaction(tx instanceof Uint8Array ? tx : RLP.encode(tx), common, knownTransaction),
  );
  const block = new BlockClass(shell.header, transactions, shell.uncleHeaders, shell.withdrawals, opts);
  encodedSizes.set(block, bytes.length);
  return block;
}
