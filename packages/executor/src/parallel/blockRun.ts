// One block's optimistic parallel run: dispatch to the workers, intake of their results, validation and commit in block order, finish.
import type { Common, TypedTransaction } from "@eigenchain/chain";
import { executorError } from "../errors.js";
import type { BlockEnv, BlockExecutionResult, ExecutionStats, SkippedTransaction } from "../interface.js";
import { invalidTxError } from "../runHelpers.js";
import type { AccountData } from "../state/account.js";
import { EMPTY_CODE_HASH } from "../state/account.js";
import { bytesToHexFast, equalBytes, hexToBytesFast } from "../state/bytes.js";
import type { StateChanges } from "../state/stateChanges.js";
import { createEmptyChanges } from "../state/stateChanges.js";
import type { TrieStateStore } from "../state/stateStore.js";
import { EMPTY_TRIE_ROOT } from "../state/trie.js";
import type { IncludedTx, ReceiptsSummary } from "../vm/assemble.js";
import { assembleBlock } from "../vm/assemble.js";
import { createStoreSource } from "../vm/storeSource.js";
import type { BaseReader } from "./kernel.js";
import { applyWrites, ParallelKernel, resolveVersion } from "./kernel.js";
import type { Reply, ReplyHandler, ReplyRouter } from "./replyRouter.js";
import type { BlockSchedule } from "./schedule.js";
import { assignWorkers } from "./schedule.js";
import type { SubtrieJobs } from "./subtrieJobs.js";
import { PARALLEL_ROOT_MIN_ACCOUNTS, PARALLEL_ROOT_MIN_WORKERS } from "./subtrieJobs.js";
import type { StateKey, StateValue, TaskItem, TxResult, VersionedState } from "./types.js";
import type { PoolWorker, WorkerPool } from "./workerPool.js";

/** After this many commits, a conflict rate above CONFLICT_FALLBACK_RATE switches the rest to sequential. */
const CONFLICT_PROBE_TXS = 64;
const CONFLICT_FALLBACK_RATE = 0.5;

/** What a block run borrows from its executor. */
export interface BlockRunContext {
  store: TrieStateStore;
  common: Common;
  /** null: every transaction runs on this thread (one worker wanted, or a small block). */
  pool: WorkerPool | null;
  router: ReplyRouter;
  subtrieJobs: SubtrieJobs;
  forceParallel: boolean;
  /** Moves the executor to a new epoch (workers drop tasks of older ones); returns it. */
  nextEpoch(): number;
  /** Whether a worker has failed (the root is then hashed on this thread). */
  hasPoolFailed(): boolean;
  /** Starts the receipts' blooms and root on a worker (undefined: compute them here). */
  startReceipts(epoch: number, included: readonly IncludedTx[]): Promise<ReceiptsSummary | undefined>;
}

/** One block as the coordinator got it after sender recovery and scheduling. */
export interface BlockRunInput {
  parent: Uint8Array;
  env: BlockEnv;
  txs: readonly TypedTransaction[];
  senders: readonly (Uint8Array | null)[];
  /** Which worker recovered (and decoded) each transaction; -1: none. */
  owner: Int8Array;
  schedule: BlockSchedule | null;
  mode: "build" | "execute";
  epoch: number;
  /** performance.now() when the block started, and the phases before this run (ms). */
  started: number;
  recoveryMs: number;
  scheduleMs: number;
}

/**
 * The coordinator's side of one optimistic block (the Block-STM idea): workers execute their share
 * against the parent state plus their own earlier writes and return read and write sets; this run
 * validates each result in block order against what is committed, re-executes on this thread what
 * read stale data, commits (fee credits to the coinbase as deltas), then hashes the root. Phases:
 * `start` → `dispatch` → (`onReply` intake while `validateAndCommitAll` runs) → `finish`.
 */
export class BlockRun implements ReplyHandler<"results"> {
  private readonly n: number;
  private readonly committed: VersionedState = new Map();
  private readonly committedCode = new Map<string, Uint8Array>();
  private readonly readBase: BaseReader;
  private readonly kernel: ParallelKernel;
  private readonly coinbaseKey: string;
  /** The coinbase's parent-state account, for applying fee deltas. */
  private cachedCoinbase: AccountData | null = null;
  private readonly results: (TxResult | undefined)[];
  /** Transactions committed from a re-execution here: a worker's read of their writes is stale. */
  private readonly reexecuted: Uint8Array;
  private readonly included: IncludedTx[] = [];
  private readonly skipped: SkippedTransaction[] = [];
  private readonly timeline: NonNullable<ExecutionStats["timeline"]> = [];
  private readonly distances: number[] = [];
  private gasUsed = 0n;
  private conflicts = 0;
  private reexecutions = 0;
  private validateMs = 0;
  private reexecuteMs = 0;
  private executeStart = 0;
  private fallbackReason: string | undefined;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly ctx: BlockRunContext,
    private readonly input: BlockRunInput,
  ) {
    this.n = input.txs.length;
    this.results = new Array(this.n);
    this.reexecuted = new Uint8Array(this.n);
    this.coinbaseKey = `a${bytesToHexFast(input.env.coinbase)}`;
    this.readBase = this.createBaseReader();
    this.kernel = new ParallelKernel(ctx.common, ctx.store.keccak, this.readBase, this.committed);
  }

  /** Runs the whole block: the phases in order. */
  async execute(): Promise<BlockExecutionResult> {
    this.executeStart = performance.now();
    await this.kernel.startBlock(this.input.env, true);
    const unroute = this.ctx.router.set("results", this);
    try {
      this.cachedCoinbase = ((await this.readBase(this.coinbaseKey)) ?? null) as AccountData | null;
      this.ctx.pool?.setCurrentEpoch(this.input.epoch);
      this.dispatch();
      await this.validateAndCommitAll();
    } finally {
      unroute();
      this.ctx.pool?.setCurrentEpoch(this.ctx.nextEpoch());
    }
    return this.finish();
  }

  /** Reads a key of the parent state; code also from what this block deployed so far. */
  private createBaseReader(): BaseReader {
    const source = createStoreSource(this.ctx.store, this.input.parent);
    return async (key: StateKey): Promise<StateValue | undefined> => {
      const kind = key.charCodeAt(0);
      if (kind === 97 /* a */) {
        const addrHex = key.slice(1);
        return (await source.getAccount(addrHex, hexToBytesFast(addrHex))) ?? null;
      }
      if (kind === 115 /* s */) {
        const addrHex = key.slice(1, 41);
        const slotHex = key.slice(41);
        return source.getStorage(addrHex, hexToBytesFast(addrHex), slotHex, hexToBytesFast(slotHex));
      }
      if (kind === 107 /* k */) {
        const h = key.slice(1);
        return this.committedCode.get(h) ?? (await this.ctx.store.getCodeByHash(hexToBytesFast(h)));
      }
      return undefined;
    };
  }

  /**
   * Each worker's share of the block, in block order, in one message (see assignWorkers): a
   * transaction runs on its predicted dependency's worker (same sender, recipient, token holder).
   */
  private dispatch(): void {
    const { pool } = this.ctx;
    if (pool === null) return;
    const { txs, senders, owner, schedule, epoch } = this.input;
    const deps = schedule?.deps ?? new Int32Array(this.n).fill(-1);
    const assigned = assignWorkers(deps, senders, owner, pool.workers.length);
    for (const worker of pool.workers) {
      const tasks: TaskItem[] = [];
      for (let i = 0; i < this.n; i++) {
        if (assigned[i] !== worker.id) continue;
        tasks.push({
          index: i,
          incarnation: 0,
          sender: senders[i]!,
          pubkey: owner[i] === worker.id ? null : (txs[i]!.cache.senderPubKey ?? null),
        });
      }
      worker.post({ t: "tasks", epoch, tasks });
    }
  }

  /** Intake: a worker's results (of this block's epoch only) wake the commit loop. */
  onReply(worker: PoolWorker, msg: Reply<"results">): void {
    if (msg.epoch !== this.input.epoch) return;
    for (const r of msg.results) {
      if (r.code === "error") {
        this.failure = executorError({ code: "EXECUTOR_WORKER_FAILED", reason: r.error }, `worker failed on tx ${r.index}: ${r.error}`);
        continue;
      }
      this.results[r.result.index] = r.result;
      this.timeline.push({
        worker: worker.id,
        index: r.result.index,
        incarnation: r.result.incarnation,
        startMs: r.result.startMs,
        endMs: r.result.endMs,
      });
    }
    this.notify();
  }

  onPoolError(err: Error): void {
    this.failure = err;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Validates and commits every transaction in block order, waiting for workers' results as needed. */
  private async validateAndCommitAll(): Promise<void> {
    const { txs, senders, mode } = this.input;
    const pool = this.ctx.pool;
    let i = 0;
    while (i < this.n) {
      if (this.failure !== null) throw this.failure;
      const tx = txs[i]!;
      if (senders[i] === null) {
        if (mode === "execute") throw invalidTxError(i, "invalid transaction v, r, s values", "signature recovers to no sender");
        this.skipped.push({ tx, reason: "invalid transaction v, r, s values" });
        i++;
        continue;
      }
      let r = this.results[i];
      if (this.fallbackReason !== undefined || pool === null) {
        const t0 = performance.now();
        r = await this.runHere(i, 0, tx);
        this.reexecuteMs += performance.now() - t0;
      } else if (r === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        continue;
      } else {
        r = await this.validate(i, r, tx);
      }
      const t2 = performance.now();
      this.commit(i, r);
      this.results[i] = undefined;
      i++;
      if (pool !== null) this.probeConflictRate(pool, i);
      this.validateMs += performance.now() - t2;
    }
  }

  /**
   * A worker's result if every read is current, else a re-execution here. A read is current when
   * the key's last committed writer is the one the worker saw and that writer was committed from the
   * very execution the worker saw (not re-executed here).
   */
  private async validate(i: number, r: TxResult, tx: TypedTransaction): Promise<TxResult> {
    const t0 = performance.now();
    let stale = -2;
    for (const [key, version] of r.reads) {
      const now = resolveVersion(this.committed, key).version;
      if (now !== version || (version >= 0 && this.reexecuted[version] === 1)) stale = Math.max(stale, now);
    }
    this.validateMs += performance.now() - t0;
    if (stale === -2) return r;
    this.conflicts++;
    this.reexecutions++;
    this.distances.push(stale >= 0 ? i - stale : 0);
    const t1 = performance.now();
    const again = await this.runHere(i, r.incarnation + 1, tx);
    this.reexecuted[i] = 1;
    this.reexecuteMs += performance.now() - t1;
    return again;
  }

  /** After CONFLICT_PROBE_TXS commits, too many conflicts send the rest of the block to this thread. */
  private probeConflictRate(pool: WorkerPool, committedCount: number): void {
    if (this.ctx.forceParallel || this.fallbackReason !== undefined || committedCount !== CONFLICT_PROBE_TXS) return;
    if (this.conflicts <= CONFLICT_PROBE_TXS * CONFLICT_FALLBACK_RATE) return;
    this.fallbackReason = "conflict-rate";
    pool.setCurrentEpoch(this.ctx.nextEpoch());
  }

  /** Commits transaction `i`'s result (or skips / refuses it): writes, code, coinbase delta, gas. */
  private commit(i: number, r: TxResult): void {
    const { txs, senders, env, mode } = this.input;
    const tx = txs[i]!;
    if (tx.gasLimit > env.gasLimit - this.gasUsed) {
      if (mode === "execute")
        throw invalidTxError(i, "gas limit reached", `tx gas ${tx.gasLimit} > block gas left ${env.gasLimit - this.gasUsed}`);
      this.skipped.push({ tx, reason: "gas limit reached" });
      return;
    }
    if (r.outcome.status === "invalid") {
      if (mode === "execute") throw invalidTxError(i, r.outcome.reason, r.outcome.detail);
      this.skipped.push({ tx, reason: r.outcome.reason });
      return;
    }
    applyWrites(this.committed, i, r.writes);
    for (const [h, c] of r.code) if (!this.committedCode.has(h)) this.committedCode.set(h, c);
    this.kernel.learn(i, [], r.code);
    if (r.coinbaseDelta !== null) this.creditCoinbase(i, r.coinbaseDelta);
    this.gasUsed += r.outcome.execution.gasUsed;
    this.included.push({ tx, sender: senders[i]!, execution: r.outcome.execution });
  }

  /** Adds a fee delta to the coinbase as committed so far (an empty account stays absent). */
  private creditCoinbase(i: number, delta: bigint): void {
    const current = resolveVersion(this.committed, this.coinbaseKey);
    const base = current.version === -1 ? undefined : (current.value as AccountData | null);
    const known = base === undefined ? this.cachedCoinbase : base;
    const next: AccountData =
      known === null || known === undefined
        ? { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH }
        : { ...known };
    next.balance += delta;
    const value = next.nonce === 0n && next.balance === 0n && equalBytes(next.codeHash, EMPTY_CODE_HASH) ? null : next;
    this.committed.set(this.coinbaseKey, { version: i, value });
  }

  private async runHere(i: number, incarnation: number, tx: TypedTransaction): Promise<TxResult> {
    const r = await this.kernel.execute(i, incarnation, tx);
    this.timeline.push({ worker: -1, index: i, incarnation, startMs: r.startMs, endMs: r.endMs });
    return r;
  }

  /** The state root (subtries on the workers for a big block), the receipts (on a worker) and the stats. */
  private async finish(): Promise<BlockExecutionResult> {
    const { started, recoveryMs, scheduleMs } = this.input;
    const executeMs = performance.now() - this.executeStart;
    const executionMs = performance.now() - started;
    const changes = toChanges(this.committed, this.committedCode);
    const rootStart = performance.now();
    // The receipts' blooms and root on an (idle) worker while this thread hashes the state.
    const pending = this.ctx.startReceipts(this.input.epoch, this.included);
    const { stateRoot, rootHashing } = await this.hashRoot(changes);
    const rootMs = performance.now() - rootStart;
    const receiptsStart = performance.now();
    const assembled = await assembleBlock(this.included, await pending);
    const receiptsMs = performance.now() - receiptsStart;
    let sequentialEstimateMs = 0;
    for (const t of this.timeline) sequentialEstimateMs += t.endMs - t.startMs;
    const pool = this.ctx.pool;
    const stats: ExecutionStats = {
      mode: this.fallbackReason === undefined ? "parallel" : "fallback",
      workers: pool === null ? 1 : pool.workers.length,
      executionMs,
      rootMs,
      rootHashing,
      conflicts: this.conflicts,
      reexecutions: this.reexecutions,
      recoveryMs,
      dependencyDistances: this.distances,
      timeline: this.timeline,
      phases: { recoveryMs, scheduleMs, executeMs, validateMs: this.validateMs, reexecuteMs: this.reexecuteMs, rootMs, receiptsMs },
      sequentialEstimateMs,
    };
    if (this.fallbackReason !== undefined) stats.fallbackReason = this.fallbackReason;
    return {
      stateRoot,
      receiptsRoot: assembled.receiptsRoot,
      logsBloom: assembled.logsBloom,
      gasUsed: assembled.gasUsed,
      transactions: assembled.transactions,
      skipped: this.skipped,
      stats,
    };
  }

  /** The new state root: the account trie's subtries hashed by the workers not busy with the receipts, when the block is big enough. */
  private async hashRoot(
    changes: StateChanges,
  ): Promise<{ stateRoot: Uint8Array; rootHashing: NonNullable<ExecutionStats["rootHashing"]> }> {
    const { store, pool, subtrieJobs } = this.ctx;
    const parent = this.input.parent;
    const helpers = pool?.workers.slice(1) ?? [];
    if (
      helpers.length + 1 < PARALLEL_ROOT_MIN_WORKERS ||
      this.ctx.hasPoolFailed() ||
      changes.accounts.size + changes.storage.size < PARALLEL_ROOT_MIN_ACCOUNTS
    ) {
      return { stateRoot: await store.applyChanges(parent, changes), rootHashing: "thread" };
    }
    let rootHashing: NonNullable<ExecutionStats["rootHashing"]> = "thread";
    const stateRoot = await store
      .applyChangesBySubtrie(parent, changes, (p, byNibble) => {
        rootHashing = "subtries";
        return subtrieJobs.hash(helpers, p, byNibble);
      })
      .catch(() => {
        rootHashing = "thread";
        return store.applyChanges(parent, changes);
      });
    return { stateRoot, rootHashing };
  }
}

/** The committed versioned state of a block as the state store's change set. */
function toChanges(committed: VersionedState, code: Map<string, Uint8Array>): StateChanges {
  const changes = createEmptyChanges();
  for (const [key, entry] of committed) {
    const kind = key.charCodeAt(0);
    if (kind === 97) changes.accounts.set(key.slice(1), entry.value as AccountData | null);
    else if (kind === 99) changes.cleared.add(key.slice(1));
  }
  for (const [key, entry] of committed) {
    if (key.charCodeAt(0) !== 115) continue;
    const addr = key.slice(1, 41);
    const wipe = committed.get(`c${addr}`);
    if (wipe !== undefined && wipe.version > entry.version) continue;
    let slots = changes.storage.get(addr);
    if (slots === undefined) {
      slots = new Map();
      changes.storage.set(addr, slots);
    }
    slots.set(key.slice(41), entry.value as Uint8Array);
  }
  for (const [h, c] of code) changes.code.set(h, c);
  return changes;
}
