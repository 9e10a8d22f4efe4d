// The single-validator block producer: builds a block from the pool on a tick or at once, and commits it.
import type { Block } from "@eigenchain/chain";
import type { Mempool } from "@eigenchain/mempool";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockBuilder } from "../chain/blockBuilder.js";
import type { ChainWriter, StagedCommit } from "../chain/chainWriter.js";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import type { BlockStore } from "../store/blockStore.js";
import { type BlockClock, BlockPreparer, SYSTEM_CLOCK } from "./blockPreparer.js";
import type { BlockProducer } from "./interface.js";

/** A block is built ahead of its tick at most this share of the block time early, after this much quiet. */
const PREPARE_LEAD_SHARE = 0.5;
const PREPARE_QUIET_MS = 20;
const PREPARES_PER_INTERVAL = 3;

export interface SoloBlockProducerOpts {
  /** Time between block attempts; 0 is instant mining: a block as soon as a transaction arrives (anvil's automine). */
  blockTimeMs: number;
  /** Produce a block even when the pool has nothing to include (the CLI's default: yes). */
  allowEmptyBlocks: boolean;
}

export interface SoloBlockProducerModules {
  store: BlockStore;
  builder: BlockBuilder;
  mempool: Mempool;
  chainWriter: ChainWriter;
  logger: Logger;
  metrics: NodeMetrics | null;
  /** The block clock, its preparer's too; injectable for tests (default SYSTEM_CLOCK). */
  clock?: BlockClock;
}

/**
 * The single-validator block producer: every `blockTimeMs` it takes the pool's selection, builds a
 * block on the head and commits it — or commits the block a `BlockPreparer` built (and staged: its
 * batch encoded, so the tick only writes it) ahead of the tick while the pool was quiet, when nothing
 * arrived since. One attempt at a time; a failed attempt is logged and retried at the next tick.
 */
export class SoloBlockProducer implements BlockProducer {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;
  /** Instant mining: another transaction arrived while a block was being made. */
  private mineAgain = false;
  /** With a block clock: the next block, built before its tick. */
  private readonly preparer: BlockPreparer<StagedCommit> | undefined;
  private readonly clock: BlockClock;

  constructor(
    private readonly opts: SoloBlockProducerOpts,
    private readonly modules: SoloBlockProducerModules,
  ) {
    this.clock = modules.clock ?? SYSTEM_CLOCK;
    if (opts.blockTimeMs > 0) {
      this.preparer = new BlockPreparer(
        { leadMs: opts.blockTimeMs * PREPARE_LEAD_SHARE, quietMs: PREPARE_QUIET_MS, maxPerInterval: PREPARES_PER_INTERVAL },
        {
          getHead: () => modules.store.getHead(),
          build: async (parent, timestamp) => {
            const { block, result } = await modules.builder.build(parent, timestamp);
            return modules.chainWriter.stage(block, result);
          },
          discard: (staged) => modules.chainWriter.discard(staged),
          mempool: modules.mempool,
          logger: modules.logger,
          clock: this.clock,
        },
      );
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.opts.blockTimeMs > 0) this.schedule(this.clock.monotonicMs() + this.opts.blockTimeMs);
  }

  /**
   * Instant mining (block time 0): mines the pool now, once more if more arrived meanwhile. With a
   * block clock: tells the preparer, whose block built ahead no longer holds everything.
   */
  onPendingTransaction(): void {
    if (!this.running) return;
    if (this.preparer !== undefined) {
      this.preparer.onArrival();
      return;
    }
    if (this.inFlight !== undefined) {
      this.mineAgain = true;
      return;
    }
    this.inFlight = this.attempt().finally(() => {
      this.inFlight = undefined;
      if (this.mineAgain) {
        this.mineAgain = false;
        this.onPendingTransaction();
      }
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.preparer?.stop();
    await this.inFlight;
  }

  /** Builds and commits one block now; returns it, or undefined when there was nothing to include. */
  async produceBlock(): Promise<Block | undefined> {
    const { store, mempool, builder, chainWriter, metrics } = this.modules;
    const started = performance.now();
    const parent = store.getHead();
    if (!this.opts.allowEmptyBlocks && mempool.status().pending === 0) return undefined;
    const now = BigInt(Math.floor(this.clock.wallMs() / 1000));
    const prepared = await this.preparer?.take(parent, now);
    const { block, result } = prepared ?? (await builder.build(parent, now));
    if (result.transactions.length === 0 && !this.opts.allowEmptyBlocks) {
      if (prepared !== undefined) await chainWriter.discard(prepared);
      return undefined;
    }
    if (prepared !== undefined) await chainWriter.commitStaged(prepared);
    else await chainWriter.commit(block, result);
    const seconds = (performance.now() - started) / 1000;
    metrics?.blocksProduced.inc();
    metrics?.blockTransactions.observe(block.transactions.length);
    metrics?.blockProductionSeconds.observe(seconds);
    this.modules.logger.info("Block produced", {
      number: Number(block.header.number),
      hash: bytesToHex(block.hash()),
      txs: block.transactions.length,
      gasUsed: Number(result.gasUsed),
      ms: Math.round(seconds * 1000),
      mode: result.stats.mode,
      builtAhead: prepared !== undefined,
    });
    return block;
  }

  /** One production attempt; a failure is logged and retried at the next tick or transaction. */
  private attempt(): Promise<void> {
    return this.produceBlock().then(
      () => undefined,
      (err: unknown) => this.modules.logger.error("Block production failed", {}, err),
    );
  }

  /**
   * Ticks at `tickAt`, then every block time after it, on a fixed grid as anvil's interval does: a
   * timer that fires late (the event loop busy with requests) must not push every later block back
   * by as much. A block that took longer than the block time is followed by the next one at once.
   */
  private schedule(tickAt: number): void {
    if (!this.running) return;
    const delayMs = Math.max(0, tickAt - this.clock.monotonicMs());
    this.preparer?.onTickScheduled(delayMs);
    this.timer = setTimeout(() => {
      this.inFlight = this.attempt().finally(() => {
        this.inFlight = undefined;
        this.schedule(Math.max(this.clock.monotonicMs(), tickAt + this.opts.blockTimeMs));
      });
    }, delayMs);
  }
}
