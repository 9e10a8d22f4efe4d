import type { Block, Common } from "@eigenchain/chain";
import { createChainBlock } from "@eigenchain/chain";
import type { BlockExecutor } from "@eigenchain/executor";
import type { Mempool } from "@eigenchain/mempool";
import { genTransactionsTrieRoot } from "@ethereumjs/block";
import { bytesToHex } from "@ethereumjs/util";
import type { ChainWriter } from "../chain/chainWriter.js";
import { createNextBlockEnv } from "../chain/nextBlockEnv.js";
import { RecentBlockHashes } from "../chain/recentBlockHashes.js";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import type { BlockStore } from "../store/blockStore.js";
import type { BlockProducer } from "./interface.js";

export interface SoloBlockProducerOpts {
  /** Time between block attempts. */
  blockTimeMs: number;
  /** Produce a block even when the pool has nothing to include (the CLI's default: yes). */
  allowEmptyBlocks: boolean;
  /** 20 bytes: receives priority fees. */
  coinbase: Uint8Array;
  extraData?: Uint8Array;
}

export interface SoloBlockProducerModules {
  common: Common;
  store: BlockStore;
  executor: BlockExecutor;
  mempool: Mempool;
  chainWriter: ChainWriter;
  logger: Logger;
  metrics: NodeMetrics | null;
  /** Unix seconds; injectable for tests. */
  now?: () => bigint;
}

/**
 * The single-validator block producer: every `blockTimeMs` it takes the pool's selection, builds a
 * block on the head and commits it. One attempt at a time; a failed attempt is logged and retried
 * at the next tick.
 */
export class SoloBlockProducer implements BlockProducer {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;
  /** BLOCKHASH's window for the next block, kept between blocks. */
  private readonly recentHashes: RecentBlockHashes;

  constructor(
    private readonly opts: SoloBlockProducerOpts,
    private readonly modules: SoloBlockProducerModules,
  ) {
    this.recentHashes = new RecentBlockHashes(modules.store);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.opts.blockTimeMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Builds and commits one block now; returns it, or undefined when there was nothing to include. */
  async produceBlock(): Promise<Block | undefined> {
    const { common, store, executor, mempool, chainWriter, metrics } = this.modules;
    const started = performance.now();
    const parent = store.getHead();
    const selection = mempool.selectForBlock(parent.header.gasLimit);
    if (selection.transactions.length === 0 && !this.opts.allowEmptyBlocks) return undefined;
    const now = this.modules.now?.() ?? BigInt(Math.floor(Date.now() / 1000));
    const env = createNextBlockEnv(parent, now, this.opts.coinbase, await this.recentHashes.forChildOf(parent));
    const result = await executor.buildBlock(parent.header.stateRoot, env, selection.transactions);
    for (const skipped of result.skipped) {
      this.modules.logger.debug("Transaction left out of block", {
        hash: bytesToHex(skipped.tx.hash()),
        reason: skipped.reason,
      });
    }
    if (result.transactions.length === 0 && !this.opts.allowEmptyBlocks) return undefined;
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
        transactionsTrie: await genTransactionsTrieRoot(transactions),
        ...(this.opts.extraData === undefined ? {} : { extraData: this.opts.extraData }),
      },
      transactions,
      common,
    );
    await chainWriter.commit(block, result);
    const seconds = (performance.now() - started) / 1000;
    metrics?.blocksProduced.inc();
    metrics?.blockTransactions.observe(transactions.length);
    metrics?.blockProductionSeconds.observe(seconds);
    this.modules.logger.info("Block produced", {
      number: Number(block.header.number),
      hash: bytesToHex(block.hash()),
      txs: transactions.length,
      gasUsed: Number(result.gasUsed),
      ms: Math.round(seconds * 1000),
      mode: result.stats.mode,
    });
    return block;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      const tickStarted = performance.now();
      this.inFlight = this.produceBlock()
        .then(
          () => undefined,
          (err: unknown) => this.modules.logger.error("Block production failed", {}, err),
        )
        .finally(() => {
          this.inFlight = undefined;
          this.schedule(Math.max(0, this.opts.blockTimeMs - (performance.now() - tickStarted)));
        });
    }, delayMs);
  }
}
