// Fills a small blockchain test whose contract reads BLOCKHASH of an earlier block: the runner's self-test of its BLOCKHASH window.

import type { TypedTransaction } from "@eigenchain/chain";
import type { Block, HeaderData } from "@ethereumjs/block";
import { createBlock, createBlockHeader, genTransactionsTrieRoot } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createLegacyTx } from "@ethereumjs/tx";
import type { BlockExecutor, TrieStateStore } from "../../src/index.js";
import type { BlockchainTestJson, FixtureAlloc, FixtureBlockHeader } from "./fixtureTypes.js";
import { toHex } from "./harness.js";
import { blockEnv } from "./runBlockchainTest.js";
import { allocToGenesis } from "./runStateTest.js";

const KEY = Buffer.from("45".repeat(32), "hex");
const SENDER = "0xe0da1edcea030875cd0f199d96eb70f6ab78faf2"; // address of KEY
/** Stores BLOCKHASH(0) (the genesis block's hash) in slot 0: PUSH1 0 BLOCKHASH PUSH1 0 SSTORE STOP. */
export const BLOCKHASH_READER = "0x000000000000000000000000000000000000b10c";
const READER_CODE = "0x60004060005500";

function fixtureHeader(block: Block): FixtureBlockHeader {
  const h = block.header;
  const hex = (n: bigint) => `0x${n.toString(16)}`;
  return {
    number: hex(h.number),
    timestamp: hex(h.timestamp),
    gasLimit: hex(h.gasLimit),
    gasUsed: hex(h.gasUsed),
    baseFeePerGas: hex(h.baseFeePerGas ?? 0n),
    coinbase: h.coinbase.toString(),
    mixHash: toHex(h.mixHash),
    parentHash: toHex(h.parentHash),
    stateRoot: toHex(h.stateRoot),
    receiptTrie: toHex(h.receiptTrie),
    bloom: toHex(h.logsBloom),
    hash: toHex(block.hash()),
  };
}

/**
 * Three blocks: genesis, an empty block 1, and block 2 whose one transaction calls a contract that
 * stores BLOCKHASH(0) — two blocks back, so only a runner that gives the executor the recent
 * hashes (not just the parent's) gets the state root of the header. The headers are filled by
 * `executor` given the window explicitly; `genesisHash` is what slot 0 must hold afterwards.
 */
export async function fillBlockhashTest(
  common: Common,
  store: TrieStateStore,
  executor: BlockExecutor,
): Promise<{ test: BlockchainTestJson; genesisHash: Uint8Array; postRoot: Uint8Array }> {
  const pre: FixtureAlloc = {
    [SENDER]: { balance: "0x3635c9adc5dea00000", nonce: "0x00", code: "0x", storage: {} },
    [BLOCKHASH_READER]: { balance: "0x00", nonce: "0x01", code: READER_CODE, storage: {} },
  };
  const genesisRoot = await store.buildGenesis(allocToGenesis(pre));
  const base: HeaderData = { gasLimit: 30_000_000n, baseFeePerGas: 7n, coinbase: "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba" };
  const genesis = createBlock({ header: { ...base, number: 0n, timestamp: 0n, stateRoot: genesisRoot } }, { common });
  const block1 = createBlock(
    { header: { ...base, number: 1n, timestamp: 12n, parentHash: genesis.hash(), stateRoot: genesisRoot } },
    { common },
  );
  const tx = createLegacyTx({ nonce: 0n, gasPrice: 10n, gasLimit: 100_000n, to: BLOCKHASH_READER, value: 0n }, { common }).sign(KEY);
  const header2 = { ...base, number: 2n, timestamp: 24n, parentHash: block1.hash(), transactionsTrie: await genTransactionsTrieRoot([tx]) };
  const draft = createBlock({ header: header2, transactions: [tx] }, { common });
  const result = await executor.executeBlock(genesisRoot, blockEnv(draft, [block1.hash(), genesis.hash()]), [
    tx,
  ] as unknown as readonly TypedTransaction[]);
  const filled: HeaderData = {
    ...header2,
    stateRoot: result.stateRoot,
    receiptTrie: result.receiptsRoot,
    logsBloom: result.logsBloom,
    gasUsed: result.gasUsed,
  };
  const block2 = createBlock({ header: createBlockHeader(filled, { common }), transactions: [tx] }, { common });
  const test: BlockchainTestJson = {
    network: "Cancun",
    genesisBlockHeader: fixtureHeader(genesis),
    pre,
    blocks: [{ rlp: toHex(block1.serialize()) }, { rlp: toHex(block2.serialize()) }],
    postStateHash: toHex(result.stateRoot),
    lastblockhash: toHex(block2.hash()),
  };
  return { test, genesisHash: genesis.hash(), postRoot: result.stateRoot };
}
