import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Receipt } from "@eigenchain/chain";
import { encodeReceipt } from "@eigenchain/chain";
import { genTransactionsTrieRoot } from "@ethereumjs/block";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { keccak, keccakJs } from "../../src/crypto/keccak.js";
import { computeReceiptsRoot, computeTransactionsRoot } from "../../src/state/headerRoots.js";
import { computeIndexedTrieRoot } from "../../src/state/trie.js";

/** The reference: ethereumjs's trie, one put per receipt. */
async function referenceReceiptsRoot(receipts: readonly Receipt[]): Promise<Uint8Array> {
  const trie = new MerklePatriciaTrie();
  for (const [index, r] of receipts.entries()) await trie.put(RLP.encode(index), encodeReceipt(r));
  return trie.root();
}

function receipt(i: number): Receipt {
  const logs =
    i % 3 === 0
      ? [{ address: new Uint8Array(20).fill(i & 0xff), topics: [new Uint8Array(32).fill(1)], data: Uint8Array.of(i & 0xff) }]
      : [];
  return {
    txType: i % 2 === 0 ? 2 : 0,
    status: i % 5 === 0 ? 0 : 1,
    cumulativeGasUsed: BigInt(21_000 * (i + 1)),
    logsBloom: new Uint8Array(256).fill(i % 7),
    logs,
  };
}

describe("computeIndexedTrieRoot (receipts root in one batched pass)", () => {
  for (const n of [0, 1, 2, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000]) {
    it(`equals @ethereumjs/mpt put-by-put for ${n} receipts`, async () => {
      const receipts = Array.from({ length: n }, (_, i) => receipt(i));
      const expected = await referenceReceiptsRoot(receipts);
      assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak), expected);
      assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccakJs), expected);
    });
  }
  it("handles values shorter than 32 bytes (inlined nodes)", async () => {
    const receipts = [1, 2, 3].map((i) => ({
      txType: 0,
      status: 1 as const,
      cumulativeGasUsed: BigInt(i),
      logsBloom: new Uint8Array(),
      logs: [],
    }));
    assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak), await referenceReceiptsRoot(receipts));
  });
  it("the header roots (transactions, receipts) equal ethereumjs's for mixed transaction types", async () => {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const key = new Uint8Array(32).fill(7);
    for (const n of [0, 1, 3, 130]) {
      const txs = Array.from({ length: n }, (_, i) =>
        i % 2 === 0
          ? createFeeMarket1559Tx({ nonce: BigInt(i), maxFeePerGas: 10n, gasLimit: 21_000n, value: BigInt(i) }, { common }).sign(key)
          : createLegacyTx({ nonce: BigInt(i), gasPrice: 10n, gasLimit: 21_000n, data: new Uint8Array(i) }, { common }).sign(key),
      );
      assert.deepEqual(computeTransactionsRoot(txs), await genTransactionsTrieRoot(txs));
      assert.deepEqual(computeTransactionsRoot(txs.map((tx) => tx.serialize())), await genTransactionsTrieRoot(txs));
      const receipts = Array.from({ length: n }, (_, i) => receipt(i));
      assert.deepEqual(computeReceiptsRoot(receipts), await referenceReceiptsRoot(receipts));
    }
  });
});
