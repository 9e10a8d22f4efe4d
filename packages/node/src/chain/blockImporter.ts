// A block from elsewhere (a proposal, block sync): header checks, parallel re-execution, a verdict.
import type { Block } from "@eigenchain/chain";
import { cacheSenderPublicKey } from "@eigenchain/chain";
import type { BlockExecutionResult, BlockExecutor, BlockMismatch, StateStore } from "@eigenchain/executor";
import { verifyBlock } from "@eigenchain/executor";
import type { Mempool } from "@eigenchain/mempool";
import { bytesToHex, equalsBytes } from "@ethereumjs/util";
import type { Logger } from "../logger.js";
import type { BlockStore } from "../store/blockStore.js";
import { checkFollowsParent, checkTransactionsRoot } from "./headerLinks.js";
import { createNextBlockEnv, getBlockEnv } from "./nextBlockEnv.js";
import type { RecentBlockHashes } from "./recentBlockHashes.js";

export interface BlockImporterOpts {
  /** What every header's extraData must hold (the validator set hash); null on a chain without validators. */
  validatorSetHash: Uint8Array | null;
}

export interface BlockImporterModules {
  store: BlockStore;
  stateStore: StateStore;
  /** Re-executes the block (the parallel executor on a validator). */
  executor: BlockExecutor;
  /** The sequential reference, run only on a root mismatch to tell a bad block from an executor bug. */
  reference: BlockExecutor | null;
  recentHashes: RecentBlockHashes;
  logger: Logger;
  /** The node's pool: senders it recovered need not be recovered again (absent: an import from files). */
  mempool?: Pick<Mempool, "get">;
}

export type ImportVerdict =
  | { status: "valid"; result: BlockExecutionResult }
  | { status: "invalid"; reason: string; mismatch?: BlockMismatch };

/**
 * Checks a block against the current head: the header fields a proposer must derive from its parent,
 * then re-execution, whose state root, receipts root, gas used and bloom must equal the header's. The
 * verdict says why a block is refused; the first difference is logged.
 */
export class BlockImporter {
  constructor(
    private readonly opts: BlockImporterOpts,
    private readonly modules: BlockImporterModules,
  ) {}

  async verify(block: Block): Promise<ImportVerdict> {
    const parent = this.modules.store.getHead();
    const headerProblem = await this.checkHeader(block, parent);
    if (headerProblem !== null) return this.refuse(block, headerProblem);
    const { executor, reference, stateStore, recentHashes } = this.modules;
    const env = { ...getBlockEnv(block), recentBlockHashes: await recentHashes.forChildOf(parent) };
    this.reusePooledSenderKeys(block);
    const verdict = await verifyBlock({ executor, reference, stateStore }, parent.header.stateRoot, env, block.transactions, block.header);
    if (verdict.status === "valid") return verdict;
    const { mismatch } = verdict;
    return this.refuse(block, `${mismatch.field} mismatch: header ${mismatch.expected}, re-executed ${mismatch.actual}`, mismatch);
  }

  /**
   * A proposal mostly holds transactions this node's pool admitted (gossip brought them here first).
   * Gossip's decoder already took the pool's own objects, keys included; a block decoded without the
   * pool (block sync) gets the keys here for what the pool holds (same hash, same signed bytes), and
   * the executor recovers only the rest — one recovery per transaction and node instead of two.
   */
  private reusePooledSenderKeys(block: Block): void {
    const pool = this.modules.mempool;
    if (pool === undefined) return;
    for (const tx of block.transactions) {
      if (tx.cache.senderPubKey !== undefined) continue;
      const key = pool.get(tx.hash())?.tx.cache.senderPubKey;
      if (key !== undefined) cacheSenderPublicKey(tx, key);
    }
  }

  /** The first header field that does not follow from the parent, or null. */
  private async checkHeader(block: Block, parent: Block): Promise<string | null> {
    const header = block.header;
    const unlinked = checkFollowsParent(block, parent);
    if (unlinked !== null) return unlinked;
    const expected = createNextBlockEnv(parent, header.timestamp, header.coinbase.bytes);
    if (header.gasLimit !== expected.gasLimit) return `gas limit ${header.gasLimit}, expected ${expected.gasLimit}`;
    if (header.baseFeePerGas !== expected.baseFeePerGas) return `base fee ${header.baseFeePerGas}, expected ${expected.baseFeePerGas}`;
    if (!equalsBytes(header.mixHash, expected.prevRandao)) return "mixHash is not the prevRandao derived from the parent";
    const setHash = this.opts.validatorSetHash;
    if (setHash !== null && !equalsBytes(header.extraData, setHash)) return "extraData is not the validator set hash";
    return checkTransactionsRoot(block);
  }

  private refuse(block: Block, reason: string, mismatch?: BlockMismatch): ImportVerdict {
    this.modules.logger.warn("Block refused", {
      number: Number(block.header.number),
      hash: bytesToHex(block.hash()),
      reason,
      ...(mismatch?.firstDifference ? { firstDifference: mismatch.firstDifference, cause: mismatch.cause } : {}),
    });
    return mismatch === undefined ? { status: "invalid", reason } : { status: "invalid", reason, mismatch };
  }
}
