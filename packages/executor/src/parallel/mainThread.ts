import { availableParallelism } from "node:os";
import { getTransactionBytes } from "@eigenchain/chain";
import type { Common, TypedTransaction } from "@eigenchain/chain";
import { assembleBlock } from "../vm/assemble.js";
import type { IncludedTx, ReceiptInput, ReceiptsSummary } from "../vm/assemble.js";
import { FlatStateManager } from "../vm/flatState.js";
import { createMutex } from "../vm/mutex.js";
import { createStoreSource } from "../vm/storeSource.js";
import { createExecutionVm, materializeBlockHashes } from "../vm/txKernel.js";
import type { ExecutionVm } from "../vm/txKernel.js";
import { recoverSenderCached } from "../crypto/recover.js";
import type { RecoveryBackend } from "../crypto/recover.js";
import { executorError } from "../errors.js";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, ExecutionStats, SkippedTransaction } from "../interface.js";
import { observeBlock } from "../metrics.js";
import { checkStateRoot, executeSequentially, invalidTxError, requireTrieStore, runCall } from "../sequential.js";
import type { ExecutorModules } from "../sequential.js";
import { EMPTY_CODE_HASH } from "../state/account.js";
import type { AccountData } from "../state/account.js";
import { createEmptyChanges } from "../state/stateStore.js";
import type { StateChanges, TrieStateStore } from "../state/stateStore.js";
import { EMPTY_TRIE_ROOT, bytesToHexFast, equalBytes, hexToBytesFast } from "../state/trie.js";
import type { ParallelExecutorOpts } from "./interface.js";
import { ParallelKernel, applyWrites, compactBytes, resolveVersion } from "./kernel.js";
import type { BaseReader } from "./kernel.js";
import type { FromWorker, StateKey, StateValue, TaskItem, TxResult, VersionedState, WorkerSetup } from "./types.js";
import { describeCommon } from "./commonSpec.js";
import { assignWorkers, scheduleBlock } from "./schedule.js";
import type { BlockSchedule } from "./schedule.js";
import { PARALLEL_ROOT_MIN_ACCOUNTS, PARALLEL_ROOT_MIN_WORKERS, SubtrieJobs } from "./subtrieJobs.js";
import { WorkerPool } from "./workerPool.js";
import type { PoolWorker } from "./workerPool.js";

/**
 * Blocks smaller than this run sequentially: below ~32 transactions the block-start messages and
 * the coordinator's bookkeeping cost more than two threads save (measured with perf/benchExecutor).
 */
export const MIN_PARALLEL_TXS = 32;
/**
 * When more than half of a block's transactions come from a sender that already sent an earlier
 * one, the block is a nonce chain and runs sequentially (its txs cannot overlap anyway).
 */
export const MAX_REPEAT_SENDER_FRACTION = 0.5;
/**
 * When the longest chain of statically predicted dependencies (see schedule.ts) covers more than
 * half the block, at most 2× could be gained on paper and the chain would run at message latency:
 * the block runs sequentially (an ERC-20 hot spot: every transfer credits the same holder).
 */
export const MAX_STATIC_CHAIN_FRACTION = 0.5;
/** After this many commits, a conflict rate above CONFLICT_FALLBACK_RATE switches the rest to sequential. */
export const CONFLICT_PROBE_TXS = 64;
export const CONFLICT_FALLBACK_RATE = 0.5;
/**
 * Senders are recovered in chunks of this many, dealt round-robin to the workers; an independent
 * transaction then runs on the worker that recovered (and decoded) it.
 */
const RECOVERY_CHUNK = 16;

interface BlockRun {
  epoch: number;
  onResults: (worker: PoolWorker, results: Extract<FromWorker, { t: "results" }>["results"]) => void;
  onError: (err: Error) => void;
}

export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

class ParallelExecutor implements BlockExecutor {
  private readonly store: TrieStateStore;
  private readonly workersWanted: number;
  private readonly recovery: RecoveryBackend;
  private readonly minParallelTxs: number;
  private readonly forceParallel: boolean;
  private readonly workerKzgModule: string | undefined;
  private pool: WorkerPool | null = null;
  private readonly lock = createMutex();
  private readonly callLock = createMutex();
  private seqVm: Promise<ExecutionVm> | null = null;
  private callVm: Promise<ExecutionVm> | null = null;
  private epoch = 0;
  private run: BlockRun | null = null;
  private closed = false;
  private onReceipts: ((msg: Extract<FromWorker, { t: "receipts" }>) => void) | null = null;
  private onReceiptsLost: (() => void) | null = null;
  private poolError: Error | null = null;
  private onRecoveryError: ((err: Error) => void) | null = null;
  private onRecovered: ((worker: PoolWorker, msg: Extract<FromWorker, { t: "recovered" }>) => void) | null = null;
  private readonly subtrieJobs = new SubtrieJobs();

  constructor(
    opts: ParallelExecutorOpts,
    private readonly modules: ExecutorModules,
  ) {
    this.store = requireTrieStore(modules.stateStore);
    this.workersWanted = Math.max(1, opts.workers ?? defaultWorkerCount());
    this.recovery = opts.recovery ?? "native";
    this.minParallelTxs = opts.minParallelTxs ?? MIN_PARALLEL_TXS;
    this.forceParallel = opts.forceParallel ?? false;
    this.workerKzgModule = opts.workerKzgModule;
    if (this.workersWanted >= 2 && modules.common.customCrypto.kzg !== undefined && opts.workerKzgModule === undefined) {
      throw executorError({ code: "EXECUTOR_CONFIG_INVALID", reason: "workerKzgModule" }, "the Common has a KZG: give the workers one too (workerKzgModule)");
    }
  }

  private getPool(): WorkerPool | null {
    if (this.workersWanted < 2) return null;
    if (this.pool === null) {
      const setup: Omit<WorkerSetup, "workerId" | "control"> = { common: describeCommon(this.modules.common), recovery: this.recovery };
      if (this.workerKzgModule !== undefined) setup.kzgModule = this.workerKzgModule;
      const pool = new WorkerPool(this.workersWanted, setup);
      pool.onMessage = (worker, msg) => this.onWorkerMessage(worker, msg);
      pool.onError = (err) => {
        this.poolError = err;
        this.run?.onError(err);
        this.onRecoveryError?.(err);
        this.onReceiptsLost?.();
        this.subtrieJobs.onPoolError(err);
      };
      this.pool = pool;
    }
    return this.pool;
  }

  private onWorkerMessage(worker: PoolWorker, msg: FromWorker): void {
    if (msg.t === "blobs") {
      // Trie nodes and code are content-addressed: any store version answers the same.
      const read = (hash: Uint8Array) => this.store.getBlob(hash).then((v) => (v === undefined ? undefined : compactBytes(v)), () => undefined);
      void Promise.all(msg.hashes.map(read)).then((values) => worker.post({ t: "blobResults", id: msg.id, values }));
      return;
    }
    if (msg.t === "recovered") {
      this.onRecovered?.(worker, msg);
      return;
    }
    if (msg.t === "subtries") {
      this.subtrieJobs.onMessage(msg);
      return;
    }
    if (msg.t === "receipts") {
      this.onReceipts?.(msg);
      return;
    }
    const run = this.run;
    if (run === null || msg.epoch !== run.epoch) return;
    run.onResults(worker, msg.results);
  }

  private getSeqVm(): Promise<ExecutionVm> {
    this.seqVm ??= createExecutionVm(this.modules.common, new FlatStateManager(createStoreSource(this.store, EMPTY_TRIE_ROOT), this.store.keccak));
    return this.seqVm;
  }

  buildBlock(parent: Uint8Array, env: BlockEnv, candidates: readonly TypedTransaction[]): Promise<BlockExecutionResult> {
    return this.lock(() => this.execute(parent, env, candidates, "build"));
  }

  executeBlock(parent: Uint8Array, env: BlockEnv, txs: readonly TypedTransaction[]): Promise<BlockExecutionResult> {
    return this.lock(() => this.execute(parent, env, txs, "execute"));
  }

  call(stateRoot: Uint8Array, env: BlockEnv, request: import("../interface.js").CallRequest) {
    return this.callLock(async () => {
      this.ensureOpen();
      this.callVm ??= createExecutionVm(this.modules.common, new FlatStateManager(createStoreSource(this.store, EMPTY_TRIE_ROOT), this.store.keccak));
      return runCall(await this.callVm, this.store, this.modules.common, stateRoot, env, request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.lock(async () => {
      await this.pool?.close();
      this.pool = null;
    });
  }

  private ensureOpen(): void {
    if (this.closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
  }

  /**
   * Starts the block on every worker (raw transactions in one SharedArrayBuffer, read in place) and
   * recovers the senders split over them, caching the public keys on `txs`. Returns the senders and
   * which worker recovered (and decoded) each transaction.
   */
  private async recoverSenders(pool: WorkerPool | null, parent: Uint8Array, env: BlockEnv, txs: readonly TypedTransaction[], epoch: number): Promise<{ senders: (Uint8Array | null)[]; owner: Int8Array }> {
    const owner = new Int8Array(txs.length).fill(-1);
    const recovered: (Uint8Array | null | undefined)[] = new Array(txs.length);
    if (pool !== null) {
      const parts = txs.map(getTransactionBytes);
      const offsets = new Uint32Array(new SharedArrayBuffer(4 * (parts.length + 1)));
      let total = 0;
      for (let i = 0; i < parts.length; i++) {
        offsets[i] = total;
        total += parts[i]!.length;
      }
      offsets[parts.length] = total;
      const raw = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)), 0, total);
      for (let i = 0; i < parts.length; i++) raw.set(parts[i]!, offsets[i]!);
      let remaining = pool.workers.length;
      if (this.poolError !== null) throw this.poolError;
      const done = new Promise<void>((resolve, reject) => {
        this.onRecoveryError = reject;
        this.onRecovered = (worker, msg) => {
          if (msg.epoch !== epoch) return;
          for (let k = 0; k < msg.indices.length; k++) {
            const i = msg.indices[k]!;
            const tx = txs[i]!;
            owner[i] = worker.id;
            // A transaction that already carried a public key keeps the main thread's verdict.
            if (msg.ok[k] === 1 && tx.cache.senderPubKey === undefined && Object.isFrozen(tx)) {
              tx.cache.senderPubKey = msg.pubkeys.slice(k * 64, k * 64 + 64);
              recovered[i] = msg.senders.slice(k * 20, k * 20 + 20);
            }
          }
          if (--remaining === 0) resolve();
        };
      });
      // Chunks are dealt round-robin to the workers only: a share for this thread made three
      // threads compete for two cores (each ran ~1.5× slower), and this thread serialises the block.
      for (const w of pool.workers) {
        w.post({ t: "block", epoch, env, parentRoot: parent, raw, offsets, recoveryChunk: RECOVERY_CHUNK, workers: pool.workers.length });
      }
      try {
        await done;
      } finally {
        this.onRecovered = null;
        this.onRecoveryError = null;
      }
    }
    // Senders the workers derived are used as they are (the keccak of each public key is done);
    // the rest (no pool, a failed or pre-cached recovery) get the reference verdict here.
    return { senders: txs.map((tx, i) => recovered[i] ?? recoverSenderCached(tx, this.recovery)), owner };
  }

  private async execute(parent: Uint8Array, blockEnv: BlockEnv, txs: readonly TypedTransaction[], mode: "build" | "execute"): Promise<BlockExecutionResult> {
    this.ensureOpen();
    const env = materializeBlockHashes(blockEnv);
    await checkStateRoot(this.store, parent);
    const started = performance.now();
    const epoch = ++this.epoch;
    const pool = txs.length >= this.minParallelTxs ? this.getPool() : null;
    const { senders, owner } = await this.recoverSenders(pool, parent, env, txs, epoch);
    const recoveryMs = performance.now() - started;
    const scheduleStart = performance.now();
    let fallbackReason: string | undefined;
    let schedule: BlockSchedule | null = null;
    if (this.workersWanted < 2) fallbackReason = undefined;
    else if (txs.length < this.minParallelTxs) fallbackReason = "small-block";
    else {
      schedule = scheduleBlock(txs, senders);
      if (!this.forceParallel && schedule.repeatSenders > txs.length * MAX_REPEAT_SENDER_FRACTION) fallbackReason = "serial-senders";
      else if (!this.forceParallel && schedule.longestChain > txs.length * MAX_STATIC_CHAIN_FRACTION) fallbackReason = "static-conflicts";
    }
    const scheduleMs = performance.now() - scheduleStart;
    if (fallbackReason !== undefined) {
      const receipts = pool === null ? undefined : (included: readonly IncludedTx[]) => this.startReceipts(pool, epoch, included);
      const result = await executeSequentially(await this.getSeqVm(), this.store, parent, env, txs, mode, this.recovery, senders, receipts);
      const phases = result.stats.phases;
      result.stats = {
        ...result.stats,
        mode: "fallback",
        fallbackReason,
        workers: this.workersWanted,
        recoveryMs,
        executionMs: performance.now() - started - result.stats.rootMs,
      };
      if (phases !== undefined) result.stats.phases = { ...phases, recoveryMs, scheduleMs };
      observeBlock(this.modules.metrics, result.stats, result.transactions.length);
      return result;
    }
    const result = await this.executeOptimistic(pool, parent, env, txs, senders, owner, schedule, mode, epoch, started, recoveryMs, scheduleMs);
    observeBlock(this.modules.metrics, result.stats, result.transactions.length);
    return result;
  }

  private async executeOptimistic(
    pool: WorkerPool | null,
    parent: Uint8Array,
    env: BlockEnv,
    txs: readonly TypedTransaction[],
    senders: readonly (Uint8Array | null)[],
    owner: Int8Array,
    schedule: BlockSchedule | null,
    mode: "build" | "execute",
    epoch: number,
    started: number,
    recoveryMs: number,
    scheduleMs: number,
  ): Promise<BlockExecutionResult> {
    const store = this.store;
    const n = txs.length;
    const executeStart = performance.now();
    const source = createStoreSource(store, parent);
    const committed: VersionedState = new Map();
    const committedCode = new Map<string, Uint8Array>();
    const baseRead: BaseReader = async (key: StateKey): Promise<StateValue | undefined> => {
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
        return committedCode.get(h) ?? (await store.getCodeByHash(hexToBytesFast(h)));
      }
      return undefined;
    };
    const mainKernel = new ParallelKernel(this.modules.common, store.keccak, baseRead, committed);
    await mainKernel.startBlock(env, true);
    const coinbaseHex = bytesToHexFast(env.coinbase);
    const coinbaseKey = `a${coinbaseHex}`;
    // Predicted dependencies (same sender, recipient, token holder): a tx runs on its dependency's worker.
    const deps = schedule?.deps ?? new Int32Array(n).fill(-1);
    const results: (TxResult | undefined)[] = new Array(n);
    /** Transactions committed from a re-execution here: a worker's read of their writes is stale. */
    const reexecuted = new Uint8Array(n);
    const included: IncludedTx[] = [];
    const skipped: SkippedTransaction[] = [];
    const timeline: NonNullable<ExecutionStats["timeline"]> = [];
    const distances: number[] = [];
    let gasUsed = 0n;
    let conflicts = 0;
    let reexecutions = 0;
    let commitIdx = 0;
    let validateMs = 0;
    let reexecuteMs = 0;
    let fallbackReason: string | undefined;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const notify = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };

    /** Each worker's share of the block, in block order, in one message (see assignWorkers). */
    const dispatchAll = (): void => {
      if (pool === null) return;
      const assigned = assignWorkers(deps, senders, owner, pool.workers.length);
      for (const worker of pool.workers) {
        const tasks: TaskItem[] = [];
        for (let i = 0; i < n; i++) {
          if (assigned[i] !== worker.id) continue;
          tasks.push({ index: i, incarnation: 0, sender: senders[i]!, pubkey: owner[i] === worker.id ? null : (txs[i]!.cache.senderPubKey ?? null) });
        }
        worker.post({ t: "tasks", epoch, tasks });
      }
    };

    this.run = {
      epoch,
      onResults: (worker, batch) => {
        for (const r of batch) {
          if (r.code === "error") {
            failure = executorError({ code: "EXECUTOR_WORKER_FAILED", reason: r.error }, `worker failed on tx ${r.index}: ${r.error}`);
            continue;
          }
          results[r.result.index] = r.result;
          timeline.push({ worker: worker.id, index: r.result.index, incarnation: r.result.incarnation, startMs: r.result.startMs, endMs: r.result.endMs });
        }
        notify();
      },
      onError: (err) => {
        failure = err;
        notify();
      },
    };

    const commit = (i: number, r: TxResult): void => {
      const tx = txs[i]!;
      if (tx.gasLimit > env.gasLimit - gasUsed) {
        if (mode === "execute") throw invalidTxError(i, "gas limit reached", `tx gas ${tx.gasLimit} > block gas left ${env.gasLimit - gasUsed}`);
        skipped.push({ tx, reason: "gas limit reached" });
        return;
      }
      if (r.outcome.status === "invalid") {
        if (mode === "execute") throw invalidTxError(i, r.outcome.reason, r.outcome.detail);
        skipped.push({ tx, reason: r.outcome.reason });
        return;
      }
      applyWrites(committed, i, r.writes);
      for (const [h, c] of r.code) if (!committedCode.has(h)) committedCode.set(h, c);
      mainKernel.learn(i, [], r.code);
      if (r.coinbaseDelta !== null) {
        const current = resolveVersion(committed, coinbaseKey);
        const base = current.version === -1 ? undefined : (current.value as AccountData | null);
        const known = base === undefined ? cachedCoinbase : base;
        const next: AccountData = known === null || known === undefined ? { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH } : { ...known };
        next.balance += r.coinbaseDelta;
        const value = next.nonce === 0n && next.balance === 0n && equalBytes(next.codeHash, EMPTY_CODE_HASH) ? null : next;
        committed.set(coinbaseKey, { version: i, value });
      }
      gasUsed += r.outcome.execution.gasUsed;
      included.push({ tx, sender: senders[i]!, execution: r.outcome.execution });
    };

    // The coinbase's parent-state account, for applying fee deltas.
    const cachedCoinbase = ((await baseRead(coinbaseKey)) ?? null) as AccountData | null;

    try {
      if (pool !== null) pool.setCurrentEpoch(epoch);
      dispatchAll();
      while (commitIdx < n) {
        if (failure !== null) throw failure;
        const i = commitIdx;
        const tx = txs[i]!;
        if (senders[i] === null) {
          if (mode === "execute") throw invalidTxError(i, "invalid transaction v, r, s values", "signature recovers to no sender");
          skipped.push({ tx, reason: "invalid transaction v, r, s values" });
          commitIdx++;
          continue;
        }
        let r = results[i];
        if (fallbackReason !== undefined || pool === null) {
          const t0 = performance.now();
          r = await this.runOnMain(mainKernel, i, 0, tx, timeline);
          reexecuteMs += performance.now() - t0;
        } else if (r === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        } else {
          const t0 = performance.now();
          // A read is current when the key's last committed writer is the one the worker saw and
          // that writer was committed from the very execution the worker saw (not re-executed here).
          let stale = -2;
          for (const [key, version] of r.reads) {
            const now = resolveVersion(committed, key).version;
            if (now !== version || (version >= 0 && reexecuted[version] === 1)) stale = Math.max(stale, now);
          }
          validateMs += performance.now() - t0;
          if (stale !== -2) {
            conflicts++;
            reexecutions++;
            distances.push(stale >= 0 ? i - stale : 0);
            const t1 = performance.now();
            r = await this.runOnMain(mainKernel, i, r.incarnation + 1, tx, timeline);
            reexecuted[i] = 1;
            reexecuteMs += performance.now() - t1;
          }
        }
        const t2 = performance.now();
        commit(i, r);
        results[i] = undefined;
        commitIdx++;
        if (!this.forceParallel && fallbackReason === undefined && pool !== null && commitIdx === CONFLICT_PROBE_TXS && conflicts > CONFLICT_PROBE_TXS * CONFLICT_FALLBACK_RATE) {
          fallbackReason = "conflict-rate";
          this.epoch++;
          pool.setCurrentEpoch(this.epoch);
        }
        validateMs += performance.now() - t2;
      }
    } finally {
      this.run = null;
      this.epoch++;
      pool?.setCurrentEpoch(this.epoch);
    }

    const executeMs = performance.now() - executeStart;
    const executionMs = performance.now() - started;
    const changes = toChanges(committed, committedCode);
    const rootStart = performance.now();
    let stateRoot: Uint8Array;
    let rootHashing: ExecutionStats["rootHashing"] = "thread";
    // The receipts' blooms and root on an (idle) worker while this thread hashes the state.
    const pending = this.startReceipts(pool, epoch, included);
    const helpers = pool?.workers.slice(1) ?? [];
    if (helpers.length + 1 >= PARALLEL_ROOT_MIN_WORKERS && this.poolError === null && changes.accounts.size + changes.storage.size >= PARALLEL_ROOT_MIN_ACCOUNTS) {
      // The account trie's subtries are hashed by the workers not busy with the receipts.
      stateRoot = await store
        .applyChangesBySubtrie(parent, changes, (p, byNibble) => {
          rootHashing = "subtries";
          return this.subtrieJobs.hash(helpers, p, byNibble);
        })
        .catch(() => {
          rootHashing = "thread";
          return store.applyChanges(parent, changes);
        });
    } else {
      stateRoot = await store.applyChanges(parent, changes);
    }
    const rootMs = performance.now() - rootStart;
    const receiptsStart = performance.now();
    const assembled = await assembleBlock(included, await pending);
    const receiptsMs = performance.now() - receiptsStart;
    let sequentialEstimateMs = 0;
    for (const t of timeline) sequentialEstimateMs += t.endMs - t.startMs;
    const stats: ExecutionStats = {
      mode: fallbackReason === undefined ? "parallel" : "fallback",
      workers: pool === null ? 1 : pool.workers.length,
      executionMs,
      rootMs,
      rootHashing,
      conflicts,
      reexecutions,
      recoveryMs,
      dependencyDistances: distances,
      timeline,
      phases: { recoveryMs, scheduleMs, executeMs, validateMs, reexecuteMs, rootMs, receiptsMs },
      sequentialEstimateMs,
    };
    if (fallbackReason !== undefined) stats.fallbackReason = fallbackReason;
    return { stateRoot, receiptsRoot: assembled.receiptsRoot, logsBloom: assembled.logsBloom, gasUsed: assembled.gasUsed, transactions: assembled.transactions, skipped, stats };
  }

  /**
   * Computes the blooms and receipts root of `included` on a worker (they are idle once a block's
   * transactions are done); undefined when there is no pool or the worker failed (the caller then
   * computes them itself).
   */
  private startReceipts(pool: WorkerPool | null, epoch: number, included: readonly IncludedTx[]): Promise<ReceiptsSummary | undefined> {
    const worker = pool?.workers[0];
    if (worker === undefined || this.poolError !== null) return Promise.resolve(undefined);
    const summary = new Promise<ReceiptsSummary | undefined>((resolve) => {
      // A failed worker never answers: the receipts are then computed here.
      this.onReceiptsLost = () => resolve(undefined);
      this.onReceipts = (msg) => {
        if (msg.epoch !== epoch) return;
        this.onReceipts = null;
        this.onReceiptsLost = null;
        resolve(msg.result.code === "success" ? msg.result.result : undefined);
      };
    });
    worker.post({ t: "receipts", epoch, items: receiptInputs(included) });
    return summary;
  }

  private async runOnMain(kernel: ParallelKernel, i: number, incarnation: number, tx: TypedTransaction, timeline: NonNullable<ExecutionStats["timeline"]>): Promise<TxResult> {
    const r = await kernel.execute(i, incarnation, tx);
    timeline.push({ worker: -1, index: i, incarnation, startMs: r.startMs, endMs: r.endMs });
    return r;
  }
}

/** What the receipts need of each included transaction. */
function receiptInputs(included: readonly IncludedTx[]): ReceiptInput[] {
  return included.map(({ tx, execution }) => ({ txType: tx.type, status: execution.status, gasUsed: execution.gasUsed, logs: execution.logs }));
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

/**
 * The parallel executor: optimistic execution on a warm pool of worker threads, validation and
 * commit in block order on this thread, re-execution of whatever read stale data. Bit-identical
 * to `createSequentialExecutor` by construction: every committed transaction's reads are exactly
 * the state the sequential executor would have given it.
 */
export function createParallelExecutor(opts: ParallelExecutorOpts, modules: ExecutorModules): BlockExecutor {
  return new ParallelExecutor(opts, modules);
}

export type { Common };
