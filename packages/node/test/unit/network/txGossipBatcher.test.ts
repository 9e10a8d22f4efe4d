import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeTxBatch, encodeTxBatch, MAX_TXS_PER_MESSAGE } from "../../../src/network/messages.js";
import { TX_BATCH_DELAY_MS, TX_BATCH_MAX_BYTES, TX_BATCH_MAX_TXS, TxGossipBatcher } from "../../../src/network/txGossipBatcher.js";

const tx = (n: number, size = 100) => new Uint8Array(size).fill(n & 0xff);

describe("transaction gossip batches", () => {
  it("sends what arrived within the delay as one message, in order", async () => {
    const sent: Uint8Array[][] = [];
    const batcher = new TxGossipBatcher((batch) => sent.push(batch));
    batcher.add(tx(1));
    batcher.add(tx(2));
    assert.equal(sent.length, 0);
    await new Promise((r) => setTimeout(r, TX_BATCH_DELAY_MS + 20));
    assert.deepEqual(sent, [[tx(1), tx(2)]]);
    batcher.stop();
  });

  it("sends at once when the count or the bytes reach the limit; a large transaction goes alone", () => {
    const sent: Uint8Array[][] = [];
    const batcher = new TxGossipBatcher((batch) => sent.push(batch));
    for (let i = 0; i < TX_BATCH_MAX_TXS; i++) batcher.add(tx(i));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.length, TX_BATCH_MAX_TXS);
    batcher.add(tx(1));
    batcher.add(tx(2, TX_BATCH_MAX_BYTES)); // would pass the limit: the waiting one goes first
    assert.deepEqual(
      sent.slice(1).map((b) => b.map((t) => t.length)),
      [[100], [TX_BATCH_MAX_BYTES]],
    );
    batcher.stop();
  });

  it("stop drops what waits and sends nothing later", async () => {
    const sent: Uint8Array[][] = [];
    const batcher = new TxGossipBatcher((batch) => sent.push(batch));
    batcher.add(tx(1));
    batcher.stop();
    await new Promise((r) => setTimeout(r, TX_BATCH_DELAY_MS + 20));
    assert.equal(sent.length, 0);
  });

  it("the wire form: a list of 1–MAX_TXS_PER_MESSAGE byte strings, anything else refused", () => {
    assert.deepEqual(decodeTxBatch(encodeTxBatch([tx(1), tx(2, 3)])), [tx(1), tx(2, 3)]);
    assert.throws(() => decodeTxBatch(encodeTxBatch([])), /malformed transaction batch/);
    assert.throws(() => decodeTxBatch(encodeTxBatch(Array.from({ length: MAX_TXS_PER_MESSAGE + 1 }, (_, i) => tx(i, 1)))), /malformed/);
    assert.throws(() => decodeTxBatch(tx(1, 3)), /malformed/);
    assert.ok(TX_BATCH_MAX_TXS <= MAX_TXS_PER_MESSAGE);
  });
});
