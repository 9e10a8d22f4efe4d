// parallel_executeBatch's dry run: one batch on the latest state, sequentially and in parallel, committing nothing.
import type { Common, TypedTransaction } from "@eigenchain/chain";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, StateStore } from "@eigenchain/executor";
import { createParallelExecutor, createSequentialExecutor, defaultWorkerCount } from "@eigenchain/executor";
import type { ExecutionAccessReport } from "@eigenchain/mempool";
import { bytesToHex } from "@ethereumjs/util";
import { getAccessReports } from "../chain/accessReports.js";
import { createNextBlockEnv } from "../chain/nextBlockEnv.js";
import { RecentBlockHashes } from "../chain/recentBlockHashes.js";
import type { BlockStore } from "../store/blockStore.js";
import { toData, toQuantity } from "./format.js";
import type { BatchForExecution } from "./poolAnalysis.js";

type Hex = `0x${string}`;

/**
 * Worker threads of the dry-run parallel executor: enough to show parallelism on a batch (at most
 * 256 transactions) without taking every core from the node's own block production.
 */
const MAX_DRY_RUN_WORKERS = 4;

export interface BatchDryRunOpts {
  /** Worker threads of the parallel executor; default min(4, cores − 1). */
  parallelWorkers?: number;
}

export interface BatchDryRunModules {
  common: Common;
  store: BlockStore;
  stateStore: StateStore;
  /** 20 bytes: the coinbase blocks of this node pay (the dry run's fee recipient). */
  coinbase: Uint8Array;
}

export interface DryRunTxResult {
  index: number;
  hash: Hex;
  from: string;
  /** "success", "failed" (reverted or out of gas; gas is still charged) or "skipped" (not valid on this state). */
  status: "success" | "failed" | "skipped";
  gasUsed: Hex;
  /** EVM error of a failed transaction, or why a skipped one is not valid. */
  error?: string;
  /** Times the parallel executor ran it (1, or more after a conflict). */
  incarnations: number;
}

export interface DryRunConflict {
  /** The transaction that read stale data and was executed again. */
  index: number;
  hash: Hex;
  /** The earlier transaction of the batch whose write it had missed, when known. */
  dependsOn: number | null;
}

export interface DryRunTiming {
  mode: string;
  fallbackReason?: string;
  workers: number;
  /** Execution time in ms (sender recovery included, state-root computation excluded). */
  executionMs: number;
  rootMs: number;
}

export interface BatchDryRunResult {
  /** The block number and parent hash the batch ran on top of (the latest block). */
  blockNumber: Hex;
  parentHash: Hex;
  /** Transactions of earlier batches of the selection run first (untimed) for `index` > 0. */
  prefixTransactions: number;
  transactions: DryRunTxResult[];
  gasUsed: Hex;
  conflicts: DryRunConflict[];
  sequential: DryRunTiming;
  parallel: DryRunTiming | { available: false; reason: string };
  sequentialMs: number;
  /** null when the parallel executor could not run (see `parallel.reason`). */
  parallelMs: number | null;
  /** Whether both runs gave the same state root, receipts root and gas used (they must). */
  identical: boolean | null;
  /**
   * What the batch's contract calls touched in the sequential run, for `pool.recordExecution`
   * (not part of the RPC answer).
   */
  accessReports?: ExecutionAccessReport[];
}

function timing(result: BlockExecutionResult): DryRunTiming {
  const s = result.stats;
  return {
    mode: s.mode,
    ...(s.fallbackReason === undefined ? {} : { fallbackReason: s.fallbackReason }),
    workers: s.workers,
    executionMs: round(s.executionMs),
    rootMs: round(s.rootMs),
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function sameResult(a: BlockExecutionResult, b: BlockExecutionResult): boolean {
  return (
    bytesToHex(a.stateRoot) === bytesToHex(b.stateRoot) &&
    bytesToHex(a.receiptsRoot) === bytesToHex(b.receiptsRoot) &&
    a.gasUsed === b.gasUsed
  );
}

/**
 * `parallel_executeBatch`'s engine: runs one batch on the latest state with a sequential and a
 * parallel executor of its own, and commits nothing. The executors build their state roots in the
 * state store's memory only; an uncommitted root is dropped at the next block commit.
 * Both executors are created on first use and closed by `close()`.
 */
export class BatchDryRunner {
  private sequential: BlockExecutor | null = null;
  private parallel: BlockExecutor | null = null;
  private closed = false;
  private recentHashes: RecentBlockHashes | null = null;

  constructor(
    private readonly opts: BatchDryRunOpts,
    private readonly modules: BatchDryRunModules,
  ) {}

  async run(batch: BatchForExecution, prefix: readonly TypedTransaction[], nowSeconds: bigint): Promise<BatchDryRunResult> {
    if (this.closed) throw new Error("batch dry runner is closed");
    const { common, stateStore, store } = this.modules;
    const head = store.getHead();
    this.recentHashes ??= new RecentBlockHashes(store);
    const env: BlockEnv = createNextBlockEnv(head, nowSeconds, this.modules.coinbase, await this.recentHashes.forChildOf(head));
    this.sequential ??= createSequentialExecutor({}, { stateStore, common });
    let root = head.header.stateRoot;
    if (prefix.length > 0) root = (await this.sequential.buildBlock(root, env, prefix)).stateRoot;
    const txs = batch.transactions.map((t) => t.tx);
    const sequential = await this.sequential.buildBlock(root, env, txs);

    let parallel: BlockExecutionResult | null = null;
    let parallelError: string | undefined;
    try {
      this.parallel ??= createParallelExecutor(
        {
          workers: this.opts.parallelWorkers ?? Math.min(MAX_DRY_RUN_WORKERS, defaultWorkerCount()),
          minParallelTxs: 1,
          forceParallel: true,
        },
        { stateStore, common },
      );
      parallel = await this.parallel.buildBlock(root, env, txs);
    } catch (err) {
      parallelError = err instanceof Error ? err.message : String(err);
    }

    const incarnations = new Map<number, number>();
    for (const entry of parallel?.stats.timeline ?? [])
      incarnations.set(entry.index, Math.max(incarnations.get(entry.index) ?? 0, entry.incarnation + 1));
    const executed = new Map(sequential.transactions.map((e) => [bytesToHex(e.tx.hash()), e]));
    const skipped = new Map(sequential.skipped.map((s) => [bytesToHex(s.tx.hash()), s.reason]));
    const transactions: DryRunTxResult[] = batch.transactions.map((t, index) => {
      const e = executed.get(t.hash);
      const base = {
        index,
        hash: t.hash,
        from: t.from,
        incarnations: incarnations.get(index) ?? (parallel === null ? 0 : 1),
      };
      if (e === undefined) return { ...base, status: "skipped", gasUsed: "0x0", error: skipped.get(t.hash) ?? "not executed" };
      return {
        ...base,
        status: e.error === undefined ? "success" : "failed",
        gasUsed: toQuantity(e.gasUsed),
        ...(e.error === undefined ? {} : { error: e.error }),
      };
    });

    return {
      blockNumber: toQuantity(env.number),
      parentHash: toData(env.parentHash),
      prefixTransactions: prefix.length,
      transactions,
      gasUsed: toQuantity(sequential.gasUsed),
      conflicts: parallel === null ? [] : getConflicts(parallel, batch),
      sequential: timing(sequential),
      parallel: parallel === null ? { available: false, reason: parallelError ?? "parallel executor unavailable" } : timing(parallel),
      sequentialMs: round(sequential.stats.executionMs),
      parallelMs: parallel === null ? null : round(parallel.stats.executionMs),
      identical: parallel === null ? null : sameResult(sequential, parallel),
      accessReports: getAccessReports(sequential.transactions),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.sequential?.close(), this.parallel?.close()]);
  }
}

/**
 * Conflicts the parallel executor found: transactions it executed again because they read data an
 * earlier transaction of the batch wrote. It validates in order and re-executes each at most once,
 * so the re-executed indexes in ascending order pair with `dependencyDistances` in order.
 */
function getConflicts(result: BlockExecutionResult, batch: BatchForExecution): DryRunConflict[] {
  const reexecuted = [...new Set((result.stats.timeline ?? []).filter((e) => e.incarnation > 0).map((e) => e.index))].sort((a, b) => a - b);
  const distances = result.stats.dependencyDistances ?? [];
  return reexecuted.map((index, k) => {
    const distance = distances[k];
    const hash = batch.transactions[index]?.hash ?? "0x";
    return { index, hash, dependsOn: distance === undefined || distance <= 0 ? null : index - distance };
  });
}
