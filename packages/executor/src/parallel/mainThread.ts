import { availableParallelism } from "node:os";
import type { Common, TypedTransaction } from "@eigenchain/chain";
import { assembleBlock } from "../vm/assemble.js";
import type { IncludedTx } from "../vm/assemble.js";
import { FlatStateManager } from "../vm/flatState.js";
import { createMutex } from "../vm/mutex.js";
import { createStoreSource } from "../vm/storeSource.js";
import { createExecutionVm } from "../vm/txKernel.js";
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
import { ParallelKernel, applyWrites, resolveVersion } from "./kernel.js";
import type { BaseReader } from "./kernel.js";
import type { FromWorker, StateKey, StateValue, TxResult, VersionedEntry, VersionedState } from "./types.js";
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
/** After this many commits, a conflict rate above CONFLICT_FALLBACK_RATE switches the rest to sequential. */
export const CONFLICT_PROBE_TXS = 64;
export const CONFLICT_FALLBACK_RATE = 0.5;
/** Tasks queued per worker: 4 hides the message round trip (~30 µs) behind a transfer (~200 µs). */
const MAX_IN_FLIGHT_PER_WORKER = 4;
/** How far past the commit point tasks may be dispatched; more only adds stale reads. */
const DISPATCH_WINDOW_PER_WORKER = 16;

interface BlockRun {
  epoch: number;
  results: (TxResult | undefined)[];
  onResult: (worker: PoolWorker, result: TxResult) => void;
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
  private pool: WorkerPool | null = null;
  private readonly lock = createMutex();
  private readonly callLock = createMutex();
  private seqVm: Promise<ExecutionVm> | null = null;
  private callVm: Promise<ExecutionVm> | null = null;
  private epoch = 0;
  private run: BlockRun | null = null;
  private readBase: BaseReader = async () => undefined;
  private closed = false;

  constructor(
    opts: ParallelExecutorOpts,
    private readonly modules: ExecutorModules,
  ) {
    this.store = requireTrieStore(modules.stateStore);
    this.workersWanted = Math.max(1, opts.workers ?? defaultWorkerCount());
    this.recovery = opts.recovery ?? "native";
    this.minParallelTxs = opts.minParallelTxs ?? MIN_PARALLEL_TXS;
    this.forceParallel = opts.forceParallel ?? false;
  }

  private getPool(): WorkerPool | null {
    if (this.workersWanted < 2) return null;
    if (this.pool === null) {
      const pool = new WorkerPool(this.workersWanted, this.modules.common.chainId(), this.recovery);
      pool.onMessage = (worker, msg) => this.onWorkerMessage(worker, msg);
      pool.onError = (err) => {
        this.poolError = err;
        this.run?.onError(err);
        this.onRecoveryError?.(err);
      };
      this.pool = pool;
    }
    return this.pool;
  }

  private onWorkerMessage(worker: PoolWorker, msg: FromWorker): void {
    if (msg.t === "read") {
      this.readBase(msg.key).then(
        (value) => worker.post({ t: "readResult", id: msg.id, value }),
        (err: Error) => this.run?.onError(err),
      );
      return;
    }
    if (msg.t === "recovered") return this.onRecovered?.(msg);
    const run = this.run;
    worker.inFlight--;
    if (run === null || msg.epoch !== run.epoch) return;
    if (msg.result.code === "error") {
      run.onError(executorError({ code: "EXECUTOR_WORKER_FAILED", reason: msg.result.error }, `worker failed on tx ${msg.result.index}: ${msg.result.error}`));
      return;
    }
    run.onResult(worker, msg.result.result);
  }

  private poolError: Error | null = null;
  private onRecoveryError: ((err: Error) => void) | null = null;
  private onRecovered: ((msg: Extract<FromWorker, { t: "recovered" }>) => void) | null = null;

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

  /** Recovers every sender, split over the workers (or on this thread), caching public keys on the txs. */
  private async recoverSenders(pool: WorkerPool | null, env: BlockEnv, txs: readonly TypedTransaction[], epoch: number): Promise<(Uint8Array | null)[]> {
    if (pool !== null) {
      const parts = txs.map((tx) => tx.serialize());
      const offsets = new Uint32Array(parts.length + 1);
      let total = 0;
      for (let i = 0; i < parts.length; i++) {
        offsets[i] = total;
        total += parts[i]!.length;
      }
      offsets[parts.length] = total;
      const raw = new Uint8Array(total);
      for (let i = 0; i < parts.length; i++) raw.set(parts[i]!, offsets[i]!);
      const n = pool.workers.length;
      const chunk = Math.ceil(txs.length / n);
      let remaining = n;
      if (this.poolError !== null) throw this.poolError;
      const done = new Promise<void>((resolve, reject) => {
        this.onRecoveryError = reject;
        this.onRecovered = (msg) => {
          for (let i = 0; i < msg.ok.length; i++) {
            const tx = txs[msg.from + i]!;
            if (msg.ok[i] === 1 && tx.cache.senderPubKey === undefined && Object.isFrozen(tx)) tx.cache.senderPubKey = msg.pubkeys.slice(i * 64, i * 64 + 64);
          }
          if (--remaining === 0) resolve();
        };
      });
      for (const w of pool.workers) {
        const from = Math.min(txs.length, w.id * chunk);
        w.post({ t: "block", epoch, env, raw, offsets, recoverFrom: from, recoverTo: Math.min(txs.length, from + chunk) });
      }
      try {
        await done;
      } finally {
        this.onRecovered = null;
        this.onRecoveryError = null;
      }
    }
    // With cached public keys this is one keccak per tx; invalid signatures get the reference verdict.
    return txs.map((tx) => recoverSenderCached(tx, this.recovery));
  }

  private async execute(parent: Uint8Array, env: BlockEnv, txs: readonly TypedTransaction[], mode: "build" | "execute"): Promise<BlockExecutionResult> {
    this.ensureOpen();
    await checkStateRoot(this.store, parent);
    const started = performance.now();
    const epoch = ++this.epoch;
    const pool = txs.length >= this.minParallelTxs ? this.getPool() : null;
    const recoveryStart = performance.now();
    const senders = await this.recoverSenders(pool, env, txs, epoch);
    const recoveryMs = performance.now() - recoveryStart;
    let fallbackReason: string | undefined;
    if (this.workersWanted < 2) fallbackReason = undefined;
    else if (txs.length < this.minParallelTxs) fallbackReason = "small-block";
    else {
      const seen = new Set<string>();
      let repeats = 0;
      for (const s of senders) {
        if (s === null) continue;
        const h = bytesToHexFast(s);
        if (seen.has(h)) repeats++;
        else seen.add(h);
      }
      if (!this.forceParallel && repeats > txs.length * MAX_REPEAT_SENDER_FRACTION) fallbackReason = "serial-senders";
    }
    if (fallbackReason !== undefined) {
      const result = await executeSequentially(await this.getSeqVm(), this.store, parent, env, txs, mode, this.recovery, senders);
      result.stats = { ...result.stats, mode: "fallback", fallbackReason, workers: this.workersWanted, recoveryMs, executionMs: performance.now() - started - result.stats.rootMs };
      observeBlock(this.modules.metrics, result.stats, result.transactions.length);
      return result;
    }
    const result = await this.executeOptimistic(pool, parent, env, txs, senders, mode, epoch, started, recoveryMs);
    observeBlock(this.modules.metrics, result.stats, result.transactions.length);
    return result;
  }

  private async executeOptimistic(
    pool: WorkerPool | null,
    parent: Uint8Array,
    env: BlockEnv,
    txs: readonly TypedTransaction[],
    senders: readonly (Uint8Array | null)[],
    mode: "build" | "execute",
    epoch: number,
    started: number,
    recoveryMs: number,
  ): Promise<BlockExecutionResult> {
    const store = this.store;
    const n = txs.length;
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
    this.readBase = baseRead;
    const mainKernel = new ParallelKernel(this.modules.common, store.keccak, baseRead, committed);
    await mainKernel.startBlock(env, true);
    const coinbaseHex = bytesToHexFast(env.coinbase);
    const coinbaseKey = `a${coinbaseHex}`;

    // Scheduling hint: the previous transaction of the same sender (nonce chains wait for it).
    const prevOfSender = new Int32Array(n).fill(-1);
    const lastBySender = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const s = senders[i];
      if (s === null || s === undefined) continue;
      const h = bytesToHexFast(s);
      const prev = lastBySender.get(h);
      if (prev !== undefined) prevOfSender[i] = prev;
      lastBySender.set(h, i);
    }

    // Prefetch what every transfer reads first (sender, recipient) so workers need no round trip for it.
    const prefetched: [StateKey, StateValue | undefined][][] = pool === null ? [] : await Promise.all(
      txs.map(async (tx, i) => {
        const keys = [`a${bytesToHexFast(senders[i] ?? new Uint8Array(20))}`];
        if (tx.to !== undefined) keys.push(`a${bytesToHexFast(tx.to.bytes)}`);
        return Promise.all(keys.map(async (k): Promise<[StateKey, StateValue | undefined]> => [k, await baseRead(k)]));
      }),
    );
    const log: VersionedEntry[] = [];
    const codeLog: [string, Uint8Array][] = [];
    const cursor = new Map<number, { log: number; code: number }>();
    const results: (TxResult | undefined)[] = new Array(n);
    const included: IncludedTx[] = [];
    const skipped: SkippedTransaction[] = [];
    const timeline: NonNullable<ExecutionStats["timeline"]> = [];
    const distances: number[] = [];
    let gasUsed = 0n;
    let conflicts = 0;
    let reexecutions = 0;
    let nextDispatch = 0;
    let commitIdx = 0;
    let fallbackReason: string | undefined;
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    const notify = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };

    const dispatch = (): void => {
      if (pool === null || fallbackReason !== undefined || failure !== null) return;
      const window = pool.workers.length * DISPATCH_WINDOW_PER_WORKER;
      while (nextDispatch < n && nextDispatch < commitIdx + window) {
        const i = nextDispatch;
        if (senders[i] === null) {
          nextDispatch++;
          continue;
        }
        if (prevOfSender[i]! >= commitIdx) break;
        let best: PoolWorker | null = null;
        for (const w of pool.workers) if (w.inFlight < MAX_IN_FLIGHT_PER_WORKER && (best === null || w.inFlight < best.inFlight)) best = w;
        if (best === null) break;
        const c = cursor.get(best.id) ?? { log: 0, code: 0 };
        const committedSlice = log.slice(c.log);
        const codeSlice = codeLog.slice(c.code);
        cursor.set(best.id, { log: log.length, code: codeLog.length });
        best.inFlight++;
        best.post({ t: "task", epoch, index: i, incarnation: 0, pubkey: txs[i]!.cache.senderPubKey ?? null, committed: committedSlice, code: codeSlice, base: prefetched[i] ?? [] });
        nextDispatch++;
      }
    };

    this.run = {
      epoch,
      results,
      onResult: (worker, result) => {
        results[result.index] = result;
        timeline.push({ worker: worker.id, index: result.index, incarnation: result.incarnation, startMs: result.startMs, endMs: result.endMs });
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
      for (const [k, v] of r.writes) log.push([k, v, i]);
      for (const [h, c] of r.code) {
        if (!committedCode.has(h)) {
          committedCode.set(h, c);
          codeLog.push([h, c]);
        }
      }
      mainKernel.learn(i, [], r.code);
      if (r.coinbaseDelta !== null) {
        const current = resolveVersion(committed, coinbaseKey);
        const base = current.version === -1 ? undefined : (current.value as AccountData | null);
        const known = base === undefined ? cachedCoinbase : base;
        const next: AccountData = known === null || known === undefined ? { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH } : { ...known };
        next.balance += r.coinbaseDelta;
        const value = next.nonce === 0n && next.balance === 0n && equalBytes(next.codeHash, EMPTY_CODE_HASH) ? null : next;
        committed.set(coinbaseKey, { version: i, value });
        log.push([coinbaseKey, value, i]);
      }
      gasUsed += r.outcome.execution.gasUsed;
      included.push({ tx, sender: senders[i]!, execution: r.outcome.execution });
    };

    // The coinbase's parent-state account, for applying fee deltas.
    const cachedCoinbase = ((await baseRead(coinbaseKey)) ?? null) as AccountData | null;

    try {
      dispatch();
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
          r = await this.runOnMain(mainKernel, i, 0, tx, timeline);
        } else if (r === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          continue;
        } else {
          let stale = -2;
          for (const [key, version] of r.reads) {
            const now = resolveVersion(committed, key).version;
            if (now !== version) {
              stale = Math.max(stale, now);
            }
          }
          if (stale !== -2) {
            conflicts++;
            reexecutions++;
            distances.push(stale >= 0 ? i - stale : 0);
            r = await this.runOnMain(mainKernel, i, r.incarnation + 1, tx, timeline);
          }
        }
        commit(i, r);
        results[i] = undefined;
        commitIdx++;
        if (!this.forceParallel && fallbackReason === undefined && pool !== null && commitIdx === CONFLICT_PROBE_TXS && conflicts > CONFLICT_PROBE_TXS * CONFLICT_FALLBACK_RATE) {
          fallbackReason = "conflict-rate";
          this.epoch++;
        }
        dispatch();
      }
    } finally {
      this.run = null;
      this.epoch++;
    }

    const executionMs = performance.now() - started;
    const rootStart = performance.now();
    const stateRoot = await store.applyChanges(parent, toChanges(committed, committedCode));
    const rootMs = performance.now() - rootStart;
    const assembled = await assembleBlock(included);
    const stats: ExecutionStats = {
      mode: fallbackReason === undefined ? "parallel" : "fallback",
      workers: pool === null ? 1 : pool.workers.length,
      executionMs,
      rootMs,
      conflicts,
      reexecutions,
      recoveryMs,
      dependencyDistances: distances,
      timeline,
    };
    if (fallbackReason !== undefined) stats.fallbackReason = fallbackReason;
    return { stateRoot, receiptsRoot: assembled.receiptsRoot, logsBloom: assembled.logsBloom, gasUsed: assembled.gasUsed, transactions: assembled.transactions, skipped, stats };
  }

  private async runOnMain(kernel: ParallelKernel, i: number, incarnation: number, tx: TypedTransaction, timeline: NonNullable<ExecutionStats["timeline"]>): Promise<TxResult> {
    const r = await kernel.execute(i, incarnation, tx, 1n << 62n);
    timeline.push({ worker: -1, index: i, incarnation, startMs: r.startMs, endMs: r.endMs });
    return r;
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
