// Pool selection → an executed block with its header: the proposer's half of block production.
import type { Block, Common } from "@eigenchain/chain";
import { createChainBlock } from "@eigenchain/chain";
import type { BlockExecutionResult, BlockExecutor, ExecutionStats } from "@eigenchain/executor";
import { computeTransactionsRoot } from "@eigenchain/executor";
import type { BlockSelection, Mempool } from "@eigenchain/mempool";
import { bytesToHex } from "@ethereumjs/util";
import type { Logger } from "../logger.js";
import { createNextBlockEnv } from "./nextBlockEnv.js";
import type { RecentBlockHashes } from "./recentBlockHashes.js";

/**
 * The gas of a block that transactions able to run code may take together (the pool enforces it in
 * its selection, and refuses one that asks for more): the Prague-era 30M, whose worst case — cheap
 * opcodes in a loop — already runs ~1.5–5 s in this EVM. Plain 21,000-gas transfers, which cannot run
 * code, may fill the rest of the genesis gas limit (60M on the devnet, geth's default).
 */
export const CODE_GAS_PER_BLOCK = 30_000_000n;

export interface BlockBuilderOpts {
  /** 20 bytes: receives priority fees. */
  coinbase: Uint8Array;
  /** The header's extraData: the validator set hash on a BFT chain. */
  extraData?: Uint8Array;
}

export interface BlockBuilderModules {
  common: Common;
  executor: BlockExecutor;
  mempool: Mempool;
  recentHashes: RecentBlockHashes;
  logger: Logger;
  /** Told the selection each build ran (the dashboard's batch layout); absent: nobody listens. */
  onBuilt?: (stats: ExecutionStats, selection: BlockSelection) => void;
}

export interface BuiltBlock {
  block: Block;
  result: BlockExecutionResult;
}

/** Builds the next block on a parent from the pool's selection (the solo producer and the BFT proposer). */
export class BlockBuilder {
  constructor(
    private readonly opts: BlockBuilderOpts,
    private readonly modules: BlockBuilderModules,
  ) {}

  async build(parent: Block, nowSeconds: bigint): Promise<BuiltBlock> {
    const { common, executor, mempool, recentHashes, logger } = this.modules;
    const selection = mempool.selectForBlock(parent.header.gasLimit);
    const env = createNextBlockEnv(parent, nowSeconds, this.opts.coinbase, await recentHashes.forChildOf(parent));
    const result = await executor.buildBlock(parent.header.stateRoot, env, selection.transactions);
    this.modules.onBuilt?.(result.stats, selection);
    for (const skipped of result.skipped) {
      logger.debug("Transaction left out of block", { hash: bytesToHex(skipped.tx.hash()), reason: skipped.reason });
    }
    const transactions = result.transactions.map((executed) => executed.tx);
    const block = createChainBlock(
      {
        parentHash: env.parentHash,
        number: env.number,
        timestamp: env.timestamp,
        gasLimit: env.gasLimit,
        baseFeePerGas: env.baseFeePerGas,
        coinbase: env.coinbase,
        mixHash: env.prevRandao,
        difficulty: 0n,
        nonce: new Uint8Array(8),
        stateRoot: result.stateRoot,
        receiptTrie: result.receiptsRoot,
        logsBloom: result.logsBloom,
        gasUsed: result.gasUsed,
        transactionsTrie: computeTransactionsRoot(transactions),
        ...(this.opts.extraData === undefined ? {} : { extraData: this.opts.extraData }),
      },
      transactions,
      common,
    );
    return { block, result };
  }
}
