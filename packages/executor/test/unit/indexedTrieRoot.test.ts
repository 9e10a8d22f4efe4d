import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeReceiptsRoot } from "@eigenchain/chain";
import type { Receipt } from "@eigenchain/chain";
import { encodeReceipt } from "@eigenchain/chain";
import { keccak, keccakJs } from "../../src/crypto/keccak.js";
import { computeIndexedTrieRoot } from "../../src/state/trie.js";

function receipt(i: number): Receipt {
  const logs = i % 3 === 0 ? [{ address: new Uint8Array(20).fill(i & 0xff), topics: [new Uint8Array(32).fill(1)], data: Uint8Array.of(i & 0xff) }] : [];
  return { txType: i % 2 === 0 ? 2 : 0, status: i % 5 === 0 ? 0 : 1, cumulativeGasUsed: BigInt(21_000 * (i + 1)), logsBloom: new Uint8Array(256).fill(i % 7), logs };
}

describe("computeIndexedTrieRoot (receipts root in one batched pass)", () => {
  for (const n of [0, 1, 2, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000]) {
    it(`equals @ethereumjs/mpt put-by-put for ${n} receipts`, async () => {
      const receipts = Array.from({ length: n }, (_, i) => receipt(i));
      const expected = await computeReceiptsRoot(receipts);
      assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak), expected);
      assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccakJs), expected);
    });
  }
  it("handles values shorter than 32 bytes (inlined nodes)", async () => {
    const receipts = [1, 2, 3].map((i) => ({ txType: 0, status: 1 as const, cumulativeGasUsed: BigInt(i), logsBloom: new Uint8Array(), logs: [] }));
    assert.deepEqual(computeIndexedTrieRoot(receipts.map(encodeReceipt), keccak), await computeReceiptsRoot(receipts));
  });
});
