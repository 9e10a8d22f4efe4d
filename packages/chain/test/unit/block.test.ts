import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { createBlockFromRLP } from "@ethereumjs/block";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import {
  createChainBlock,
  createChainCommon,
  createParallelTransaction,
  decodeBlock,
  decodeBlockTransaction,
  encodeBlock,
  getBlockSize,
  getTransactionBytes,
  type TypedTransaction,
} from "../../src/index.js";
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

  it("takes the transactions a lookup already holds for the same chain rules, and decodes the rest", () => {
    const block = sampleBlock(true);
    const bytes = encodeBlock(block);
    // What a validator's pool would hold: the second transaction, decoded for this chain.
    const pooled = decodeBlockTransaction(getTransactionBytes(block.transactions[1]!), common);
    const asked: string[] = [];
    const lookup = (hash: Uint8Array): TypedTransaction | undefined => {
      asked.push(bytesToHex(hash));
      return bytesToHex(hash) === bytesToHex(pooled.hash()) ? pooled : undefined;
    };
    const decoded = decodeBlock(bytes, common, lookup);
    assert.deepEqual(
      asked,
      block.transactions.map((tx) => bytesToHex(tx.hash())),
    );
    assert.equal(decoded.transactions[1], pooled);
    assert.notEqual(decoded.transactions[0], undefined);
    assert.deepEqual(decoded.hash(), block.hash());
    assert.deepEqual(decoded.serialize(), bytes);
    // Decoded for another chain's Common, the same bytes are not taken: the block decodes its own.
    const foreign = decodeBlockTransaction(getTransactionBytes(block.transactions[1]!), createChainCommon(57710n));
    const own = decodeBlock(bytes, common, () => foreign);
    assert.ok(own.transactions.every((tx) => tx !== foreign));
    assert.deepEqual(own.serialize(), bytes);
  });

  it("knows the size of a block it encoded or decoded, and computes it for any other", () => {
    const built = sampleBlock(true);
    const bytes = encodeBlock(built);
    const decoded = decodeBlock(bytes, common);
    // Blocks are frozen: watch the class's encoder.
    const encodes = mock.method(Object.getPrototypeOf(built) as { serialize(): Uint8Array }, "serialize");
    try {
      assert.equal(getBlockSize(built), bytes.length);
      assert.equal(getBlockSize(decoded), bytes.length);
      assert.equal(encodes.mock.callCount(), 0, "neither is encoded again");
    } finally {
      encodes.mock.restore();
    }
    const fresh = sampleBlock();
    assert.equal(getBlockSize(fresh), fresh.serialize().length);
    assert.notEqual(getBlockSize(fresh), bytes.length, "a different block, a different size");
  });

  it("refuses what is not a block with ethereumjs's errors", () => {
    assert.throws(() => decodeBlock(RLP.encode(Uint8Array.of(1)), common), /Must be array/);
    const [header] = RLP.decode(encodeBlock(sampleBlock())) as Uint8Array[][];
    assert.throws(() => decodeBlock(RLP.encode([header!, [Uint8Array.of(0x02, 0xc0)], []]), common));
  });
});
