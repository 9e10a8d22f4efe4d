// Makes an executed block the head: one atomic batch, then the state store, the mempool and every listener are told.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Block } from "@eigenchain/chain";
import type { BlockExecutionResult, StateStore } from "@eigenchain/executor";
import type { Mempool } from "@eigenchain/mempool";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import type { BlockStore, StagedBlock } from "../store/blockStore.js";
import type { StoredReceipt } from "../store/storedReceipt.js";
import { getAccessReports } from "./accessReports.js";
import type { ChainEvents } from "./chainEvents.js";
import { createPoolStateReader } from "./headStateReader.js";

export interface ChainWriterModules {
  store: BlockStore;
  stateStore: StateStore;
  mempool: Mempool;
  events: ChainEvents;
  logger: Logger;
  metrics: NodeMetrics | null;
}

export function toStoredReceipts(result: BlockExecutionResult): StoredReceipt[] {
  return result.transactions.map((executed) => ({
    receipt: executed.receipt,
    gasUsed: executed.gasUsed,
    effectiveGasPrice: executed.effectiveGasPrice,
    sender: executed.sender,
    ...(executed.contractAddress === undefined ? {} : { contractAddress: executed.contractAddress }),
  }));
}

/** A block whose atomic batch is staged (`ChainWriter.stage`): `commitStaged` makes it the head, `discard` drops it. */
export interface StagedCommit {
  readonly block: Block;
  readonly result: BlockExecutionResult;
  readonly receipts: StoredReceipt[];
  readonly staged: StagedBlock;
}

/**
 * Makes an executed block the new head: one atomic batch (block, receipts, tx index, state trie
 * nodes, head pointer), then tells the state store, every listener, and the mempool (what the
 * block's calls touched, then the new head). Whoever decides
 * blocks (BFT consensus, block sync, the solo dev producer) commits through here.
 */
export class ChainWriter {
  constructor(private readonly modules: ChainWriterModules) {}

  /** `certificate` is the encoded commit certificate (BFT); it lands in the block's own batch. */
  async commit(block: Block, result: BlockExecutionResult, certificate?: Uint8Array): Promise<void> {
    const { store, stateStore } = this.modules;
    const receipts = toStoredReceipts(result);
    const stateWrites = stateStore.pendingWrites(block.header.stateRoot);
    await store.commitBlock(block, receipts, stateWrites, certificate === undefined ? {} : { certificate });
    await this.afterWrite(block, result, receipts);
  }

  /**
   * Encodes a block's batch now, to commit later with `commitStaged` (or drop with `discard`): what
   * the solo producer does with a block it builds ahead of its tick, so that the tick only writes it.
   */
  stage(block: Block, result: BlockExecutionResult): StagedCommit {
    const { store, stateStore } = this.modules;
    const receipts = toStoredReceipts(result);
    const staged = store.stageBlock(block, receipts, stateStore.pendingWrites(block.header.stateRoot));
    return { block, result, receipts, staged };
  }

  async commitStaged(commit: StagedCommit): Promise<void> {
    await this.modules.store.commitStaged(commit.staged);
    await this.afterWrite(commit.block, commit.result, commit.receipts);
  }

  async discard(commit: StagedCommit): Promise<void> {
    await this.modules.store.discardStaged(commit.staged);
  }

  /** The block is the head on disk: the state store, every listener and the mempool are told. */
  private async afterWrite(block: Block, result: BlockExecutionResult, receipts: StoredReceipt[]): Promise<void> {
    const { stateStore, mempool, events, metrics } = this.modules;
    const stateRoot = block.header.stateRoot;
    stateStore.onCommitted(stateRoot);
    metrics?.blockHeight.set(Number(block.header.number));
    try {
      // Subscribers (newHeads, logs, filters) hear of the block before the pool catches up, as geth's
      // txpool resets after its chain head event.
      events.emit("block", { block, receipts, stats: result.stats });
    } catch (err) {
      // A listener's bug (a filter, a subscription) must not look like a failed commit.
      this.modules.logger.error("Block listener failed", { number: block.header.number.toString() }, err);
    }
    // Requests already waiting (a client polling for the new head) are answered first: what follows
    // runs ~8–10 ms after a block of 1,000 transfers with nothing that yields to the event loop.
    await yieldToEventLoop();
    try {
      // What the block's contract calls touched: later calls of the same selectors batch better.
      // Synchronous, before the pool update awaits state reads.
      mempool.recordExecution(getAccessReports(result.transactions));
    } catch (err) {
      this.modules.logger.error("Recording the block's access reports failed", { number: block.header.number.toString() }, err);
    }
    try {
      await mempool.onNewBlock({
        includedHashes: block.transactions.map((tx) => tx.hash()),
        baseFeePerGas: block.header.calcNextBaseFee(),
        state: createPoolStateReader(stateStore.view(stateRoot)),
      });
    } catch (err) {
      this.modules.logger.error("Mempool update after block failed", { number: block.header.number.toString() }, err);
    }
  }
}
