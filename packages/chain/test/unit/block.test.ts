import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBlockFromRLP } from "@ethereumjs/block";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { createChainBlock, createParallelTransaction, decodeBlock, encodeBlock, getTransactionBytes } from "../../src/index.js";
import { common, key, to } from "./fixtures.js";

function sampleBlock(withParallelTx = false) {
  const txs = [
    createLegacyTx({ nonce: 0n, gasPrice: 10n, gasLimit: 21_000n, to, value: 1n }, { common }).sign(key),
    createFeeMarket1559Tx({ nonce: 1n, maxFeePerGas: 10n, gasLimit: 30_000n, to, data: Uint8Array.of(1, 2) }, { common }).sign(key),
  ];
  if (withParallelTx)
    txs.push(createParallelTransaction({ nonce: 2n, maxFeePerGas: 10n, gasLimit: 50_000n, to, accessList: [] }, { common }).sign(key));
  return createChainBlock({ number: 3n, gasLimit: 30_000_000n, baseFeePerGas: 7n, timestamp: 99n }, txs, common);
}

describe("decodeBlock", () => {
  it("gives back the block ethereumjs's decoder gives: same hash, header, transactions, senders", () => {
    const bytes = encodeBlock(sampleBlock());
    const ours = decodeBlock(bytes, common);
    const theirs = createBlockFromRLP(bytes, { common });
    assert.deepEqual(ours.hash(), theirs.hash());
    assert.deepEqual(ours.serialize(), bytes);
    assert.equal(ours.transactions.length, 2);
    for (const [i, tx] of ours.transactions.entries()) {
      const reference = theirs.transactions[i]!;
      assert.equal(tx.type, reference.type);
      assert.deepEqual(tx.hash(), reference.hash());
      assert.deepEqual(getTransactionBytes(tx), reference.serialize());
      assert.equal(tx.getSenderAddress().toString(), reference.getSenderAddress().toString());
      assert.ok(Object.isFrozen(tx));
    }
    assert.deepEqual(ours.withdrawals, theirs.withdrawals);
  });

  it("decodes a block holding EIGENChain's 0x05 transaction (ethereumjs's decoder knows no type 5)", () => {
    const block = sampleBlock(true);
    const decoded = decodeBlock(encodeBlock(block), common);
    assert.deepEqual(decoded.hash(), block.hash());
    assert.deepEqual(
      decoded.transactions.map((tx) => tx.type),
      [0, 2, 5],
    );
    assert.deepEqual(decoded.transactions[2]!.hash(), block.transactions[2]!.hash());
    assert.throws(() => createBlockFromRLP(encodeBlock(block), { common }), /ID 5 unknown/);
  });

  it("refuses what is not a block with ethereumjs's errors", () => {
    assert.throws(() => decodeBlock(RLP.encode(Uint8Array.of(1)), common), /Must be array/);
    const [header] = RLP.decode(encodeBlock(sampleBlock())) as Uint8Array[][];
    assert.throws(() => decodeBlock(RLP.encode([header!, [Uint8Array.of(0x02, 0xc0)], []]), common));
  });
});
