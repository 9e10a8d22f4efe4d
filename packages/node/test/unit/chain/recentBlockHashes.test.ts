import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Block } from "@eigenchain/chain";
import { createChainBlock, createChainCommon } from "@eigenchain/chain";
import { RecentBlockHashes } from "../../../src/chain/recentBlockHashes.js";

const common = createChainCommon(57710n);

/** A canonical chain of `length` blocks, each pointing at its parent's hash; counts store reads. */
function chain(length: number) {
  const blocks: Block[] = [];
  for (let n = 0; n < length; n++) {
    const parentHash = n === 0 ? new Uint8Array(32) : blocks[n - 1]!.hash();
    blocks.push(createChainBlock({ number: BigInt(n), parentHash, gasLimit: 30_000_000n, timestamp: BigInt(n) }, [], common));
  }
  let reads = 0;
  const store = {
    async getBlockByNumber(number: bigint) {
      reads++;
      return blocks[Number(number)];
    },
  };
  return { blocks, store, reads: () => reads };
}

describe("RecentBlockHashes (BLOCKHASH's window for the next block)", () => {
  it("reads the window back from the store once, then only prepends each new parent", async () => {
    const { blocks, store, reads } = chain(300);
    const recent = new RecentBlockHashes(store);
    const first = await recent.forChildOf(blocks[260]!);
    assert.equal(first.length, 256);
    assert.deepEqual(first[0], blocks[260]!.hash());
    assert.deepEqual(first[255], blocks[5]!.hash());
    const afterRebuild = reads();
    const next = await recent.forChildOf(blocks[261]!);
    assert.equal(reads(), afterRebuild, "the next block needs no reads");
    assert.equal(next.length, 256);
    assert.deepEqual(next[0], blocks[261]!.hash());
    assert.deepEqual(next[1], blocks[260]!.hash());
    assert.deepEqual(next[255], blocks[6]!.hash());
  });

  it("near genesis holds every block back to 0; a head that is not the next block is read again", async () => {
    const { blocks, store, reads } = chain(10);
    const recent = new RecentBlockHashes(store);
    assert.deepEqual(
      await recent.forChildOf(blocks[3]!),
      [3, 2, 1, 0].map((n) => blocks[n]!.hash()),
    );
    const before = reads();
    assert.deepEqual(
      await recent.forChildOf(blocks[8]!),
      [8, 7, 6, 5, 4, 3, 2, 1, 0].map((n) => blocks[n]!.hash()),
    );
    assert.ok(reads() > before);
  });
});
