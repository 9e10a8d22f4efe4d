// The block hashes BLOCKHASH can see (the last 256), kept from block to block.
import type { Block } from "@eigenchain/chain";
import { BLOCKHASH_WINDOW } from "@eigenchain/executor";
import { equalsBytes } from "@ethereumjs/util";

/** The canonical blocks by number that the list is read from (the node's block store). */
export interface CanonicalBlocks {
  getBlockByNumber(number: bigint): Promise<Block | undefined>;
}

/**
 * The hashes BLOCKHASH can see from the block after `parent` (n−1 … n−256, newest first), kept
 * between blocks: the next block only prepends its parent's hash; after a restart or a head that
 * is not the next one, the list is read back from the store by number.
 */
export class RecentBlockHashes {
  private headHash: Uint8Array | null = null;
  private hashes: Uint8Array[] = [];

  constructor(private readonly blocks: CanonicalBlocks) {}

  async forChildOf(parent: Block): Promise<readonly Uint8Array[]> {
    const parentHash = parent.hash();
    if (this.headHash !== null && equalsBytes(this.headHash, parentHash)) return this.hashes;
    if (this.headHash !== null && equalsBytes(this.headHash, parent.header.parentHash)) {
      this.hashes = [parentHash, ...this.hashes].slice(0, Number(BLOCKHASH_WINDOW));
    } else {
      const hashes: Uint8Array[] = [parentHash];
      for (let n = parent.header.number - 1n; n >= 0n && hashes.length < Number(BLOCKHASH_WINDOW); n--) {
        const block = await this.blocks.getBlockByNumber(n);
        if (block === undefined) break;
        hashes.push(block.hash());
      }
      this.hashes = hashes;
    }
    this.headHash = parentHash;
    return this.hashes;
  }
}
