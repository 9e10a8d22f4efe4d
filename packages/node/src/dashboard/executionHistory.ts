// How this node executed its latest committed blocks (stats, worker timeline, batch layout), for eigen_getBlockExecution and the dashboard.
import type { Block } from "@eigenchain/chain";
import type { ExecutionPhases, ExecutionStats } from "@eigenchain/executor";
import type { BlockSelection } from "@eigenchain/mempool";
import { bytesToHex } from "@ethereumjs/util";
import type { ChainEvents, CommittedBlock } from "../chain/chainEvents.js";

/** Blocks remembered by default: a few minutes of a busy devnet, a few MB at most. */
export const DEFAULT_EXECUTION_HISTORY_BLOCKS = 128;

/** The pool's selection a block was built from, when this node built it. */
interface BuiltLayout {
  /** The candidates in the order the executor saw them (the timeline's indexes point here). */
  candidates: Uint8Array[];
  batches: { id: string; size: number }[];
}

interface ExecutionRecord {
  number: bigint;
  hash: string;
  transactions: Uint8Array[];
  stats: ExecutionStats;
  layout: BuiltLayout | undefined;
}

export interface TimelineEntryJson {
  transactionHash: string;
  /** Position in the block; null for a candidate the builder left out. */
  transactionIndex: number | null;
  /** Worker thread id; -1 is the coordinating (main) thread. */
  worker: number;
  /** 0: first execution; above 0: re-executed after reading stale data. */
  incarnation: number;
  /** Milliseconds since the block's first execution started. */
  startMs: number;
  endMs: number;
}

export interface BlockExecutionJson {
  number: string;
  hash: string;
  mode: ExecutionStats["mode"];
  fallbackReason: string | null;
  workers: number;
  /** Whether this node built the block (proposer) or re-executed one it received. */
  builtHere: boolean;
  /** Wall-clock time of the whole block on this node, state root excluded (ms). */
  executionMs: number;
  /** Measured time of the execution phase (dispatch, workers, validation, re-execution), ms. */
  parallelMs: number;
  /** Sum of the per-transaction execution times: what one thread would have spent (ms). */
  sequentialEstimateMs: number | null;
  /** sequentialEstimateMs / parallelMs. */
  speedup: number | null;
  rootMs: number;
  conflicts: number;
  reexecutions: number;
  dependencyDistances: number[];
  phases: ExecutionStats["phases"] | null;
  /** The pool's batches the block was built from (null when another validator built it). */
  batches: { id: string; transactions: string[]; included: boolean[] }[] | null;
  /** Absolute time (ms since the epoch) of the first execution's start; null without executions. */
  startedAt: number | null;
  timeline: TimelineEntryJson[];
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

function roundPhases(phases: ExecutionPhases): ExecutionPhases {
  const out = { ...phases };
  for (const key of Object.keys(out) as (keyof ExecutionPhases)[]) out[key] = round(out[key]);
  return out;
}

/**
 * Remembers, for the last `capacity` committed blocks, the executor's stats and (for blocks this
 * node built) the pool's batch layout. The builder reports its selections with `recordBuilt`; the
 * chain's `block` event brings the stats the block was committed with, so a proposer's record is
 * its build run and a validator's is its re-execution. Memory only: a restart starts empty.
 */
export class ExecutionHistory {
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly byNumber = new Map<bigint, string>();
  /** Keyed by the stats object of a build result: present only while that result is alive. */
  private readonly built = new WeakMap<ExecutionStats, BuiltLayout>();
  private readonly onBlock = (committed: CommittedBlock): void => this.record(committed);

  constructor(
    private readonly opts: { capacity: number },
    private readonly modules: { events: ChainEvents },
  ) {
    modules.events.on("block", this.onBlock);
  }

  /** The builder's selection for a block it executed (its result's stats identify it at commit). */
  recordBuilt(stats: ExecutionStats, selection: BlockSelection): void {
    this.built.set(stats, {
      candidates: selection.transactions.map((tx) => tx.hash()),
      batches: selection.batches.map((b) => ({ id: b.id, size: b.transactions.length })),
    });
  }

  close(): void {
    this.modules.events.off("block", this.onBlock);
  }

  getByHash(hash: string): BlockExecutionJson | null {
    const record = this.records.get(hash.toLowerCase());
    return record === undefined ? null : formatRecord(record);
  }

  getByNumber(number: bigint): BlockExecutionJson | null {
    const hash = this.byNumber.get(number);
    return hash === undefined ? null : this.getByHash(hash);
  }

  private record({ block, stats }: CommittedBlock): void {
    if (stats === undefined) return;
    const hash = bytesToHex(block.hash());
    const old = this.byNumber.get(block.header.number);
    if (old !== undefined) this.records.delete(old);
    this.records.set(hash, createRecord(block, hash, stats, this.built.get(stats)));
    this.byNumber.set(block.header.number, hash);
    while (this.records.size > this.opts.capacity) {
      const [oldest, first] = this.records.entries().next().value as [string, ExecutionRecord];
      this.records.delete(oldest);
      if (this.byNumber.get(first.number) === oldest) this.byNumber.delete(first.number);
    }
  }
}

function createRecord(block: Block, hash: string, stats: ExecutionStats, layout: BuiltLayout | undefined): ExecutionRecord {
  return { number: block.header.number, hash, transactions: block.transactions.map((tx) => tx.hash()), stats, layout };
}

/** The record as eigen_getBlockExecution returns it: hex hashes, times relative to the block's first execution. */
function formatRecord(record: ExecutionRecord): BlockExecutionJson {
  const { stats, layout } = record;
  const blockIndex = new Map(record.transactions.map((h, i) => [bytesToHex(h), i]));
  // A build run's indexes point into the pool's candidates; a re-execution's into the block.
  const executed = layout?.candidates ?? record.transactions;
  const timeline = stats.timeline ?? [];
  const startedAt = timeline.length === 0 ? null : timeline.reduce((min, t) => Math.min(min, t.startMs), Number.POSITIVE_INFINITY);
  const parallelMs = stats.phases?.executeMs ?? stats.executionMs;
  const estimate = stats.sequentialEstimateMs ?? null;
  let batches: BlockExecutionJson["batches"] = null;
  if (layout !== undefined) {
    let next = 0;
    batches = layout.batches.map((b) => {
      const transactions = layout.candidates.slice(next, next + b.size).map((h) => bytesToHex(h));
      next += b.size;
      return { id: b.id, transactions, included: transactions.map((h) => blockIndex.has(h)) };
    });
  }
  return {
    number: `0x${record.number.toString(16)}`,
    hash: record.hash,
    mode: stats.mode,
    fallbackReason: stats.fallbackReason ?? null,
    workers: stats.workers,
    builtHere: layout !== undefined,
    executionMs: round(stats.executionMs),
    parallelMs: round(parallelMs),
    sequentialEstimateMs: estimate === null ? null : round(estimate),
    speedup: estimate === null || parallelMs <= 0 ? null : Math.round((estimate / parallelMs) * 100) / 100,
    rootMs: round(stats.rootMs),
    conflicts: stats.conflicts,
    reexecutions: stats.reexecutions,
    dependencyDistances: stats.dependencyDistances ?? [],
    phases: stats.phases === undefined ? null : roundPhases(stats.phases),
    batches,
    startedAt,
    timeline: timeline.map((t) => {
      const txHash = executed[t.index];
      const hex = txHash === undefined ? "0x" : bytesToHex(txHash);
      return {
        transactionHash: hex,
        transactionIndex: blockIndex.get(hex) ?? null,
        worker: t.worker,
        incarnation: t.incarnation,
        startMs: round(t.startMs - (startedAt ?? 0)),
        endMs: round(t.endMs - (startedAt ?? 0)),
      };
    }),
  };
}
