// The parallel executor: sender recovery over the workers, the choice between the optimistic run (blockRun.ts) and the sequential fallback, the receipts on a worker.
import { availableParallelism } from "node:os";
import type { Common, TypedTransaction } from "@eigenchain/chain";
import { cacheSenderPublicKey, getTransactionBytes } from "@eigenchain/chain";
import type { RecoveryBackend } from "../crypto/recover.js";
import { recoverSenderCached } from "../crypto/recover.js";
import { executorError } from "../errors.js";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, CallRequest } from "../interface.js";
import { observeBlock } from "../metrics.js";
import type { ExecutorModules } from "../runHelpers.js";
import { checkStateRoot, requireTrieStore, runCall } from "../runHelpers.js";
import { executeSequentially } from "../sequential.js";
import type { TrieStateStore } from "../state/stateStore.js";
import { EMPTY_TRIE_ROOT } from "../state/trie.js";
import type { IncludedTx, ReceiptInput, ReceiptsSummary } from "../vm/assemble.js";
import { FlatStateManager } from "../vm/flatState.js";
import { createMutex } from "../vm/mutex.js";
import { createStoreSource } from "../vm/storeSource.js";
import type { ExecutionVm } from "../vm/txKernel.js";
import { createExecutionVm, materializeBlockHashes } from "../vm/txKernel.js";
import type { BlockRunContext } from "./blockRun.js";
import { BlockRun } from "./blockRun.js";
import { describeCommon } from "./commonSpec.js";
import type { ParallelExecutorOpts } from "./interface.js";
import { compactBytes } from "./kernel.js";
import type { Reply } from "./replyRouter.js";
import { ReplyRouter } from "./replyRouter.js";
import type { BlockSchedule } from "./schedule.js";
import { scheduleBlock } from "./schedule.js";
import { SubtrieJobs } from "./subtrieJobs.js";
import type { WorkerSetup } from "./types.js";
import type { PoolWorker } from "./workerPool.js";
import { WorkerPool } from "./workerPool.js";

/**
 * Blocks smaller than this run sequentially: below ~32 transactions the block-start messages and
 * the coordinator's bookkeeping cost more than two threads save (measured with perf/benchExecutor).
 */
const MIN_PARALLEL_TXS = 32;
/**
 * A block from fewer distinct senders than this per worker is a few nonce chains side by side, too
 * few to keep the workers busy: it runs sequentially. (A block of many transactions from each of 8
 * senders still runs in parallel on 2 workers: `few-senders` in docs/benchmarks.md.)
 */
const MIN_SENDERS_PER_WORKER = 2;
/**
 * When the longest chain of statically predicted dependencies (see schedule.ts) covers more than
 * half the block, at most 2× could be gained on paper and the chain would run at message latency:
 * the block runs sequentially (an ERC-20 hot spot: every transfer credits the same holder).
 */
const MAX_STATIC_CHAIN_FRACTION = 0.5;
/**
 * Senders are recovered in chunks of this many, dealt round-robin to the workers; an independent
 * transaction then runs on the worker that recovered (and decoded) it.
 */
const RECOVERY_CHUNK = 16;

/**
 * Workers by default: cores − 1 leaves the coordinator a core of its own, but on 2 cores that is 1
 * worker, which runs the kernel on the main thread: no parallelism. Two workers there measured
 * 1.3–1.6× on independent transfers alone (docs/benchmarks.md). A node picks its own count
 * (the node's chooseBlockExecutorWorkers): beside RPC and admission on 2 cores, 1 measured faster.
 */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores < 2 ? 1 : Math.max(2, cores - 1);
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
  private closed = false;
  private poolError: Error | null = null;
  /** Workers' replies, one handler per message type (see replyRouter.ts). */
  private readonly router = new ReplyRouter();
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
      throw executorError(
        { code: "EXECUTOR_CONFIG_INVALID", reason: "workerKzgModule" },
        "the Common has a KZG: give the workers one too (workerKzgModule)",
      );
    }
    this.router.set("blobs", {
      // Trie nodes and code are content-addressed: any store version answers the same.
      onReply: (worker, msg) => {
        const read = (hash: Uint8Array) =>
          this.store.getBlob(hash).then(
            (v) => (v === undefined ? undefined : compactBytes(v)),
            () => undefined,
          );
        void Promise.all(msg.hashes.map(read)).then((values) => worker.post({ t: "blobResults", id: msg.id, values }));
      },
      onPoolError: () => {},
    });
    this.router.set("subtries", {
      onReply: (_worker, msg) => this.subtrieJobs.onMessage(msg),
      onPoolError: (err) => this.subtrieJobs.onPoolError(err),
    });
  }

  /** What a block run borrows from this executor. */
  private createRunContext(pool: WorkerPool | null): BlockRunContext {
    return {
      store: this.store,
      common: this.modules.common,
      pool,
      router: this.router,
      subtrieJobs: this.subtrieJobs,
      forceParallel: this.forceParallel,
      nextEpoch: () => ++this.epoch,
      hasPoolFailed: () => this.poolError !== null,
      startReceipts: (epoch, included) => this.startReceipts(pool, epoch, included),
    };
  }

  warmUp(): void {
    if (!this.closed) this.getPool();
  }

  private getPool(): WorkerPool | null {
    if (this.workersWanted < 2) return null;
    if (this.pool === null) {
      const setup: Omit<WorkerSetup, "workerId" | "control"> = { common: describeCommon(this.modules.common), recovery: this.recovery };
      if (this.workerKzgModule !== undefined) setup.kzgModule = this.workerKzgModule;
      const pool = new WorkerPool(this.workersWanted, setup);
      pool.onMessage = (worker, msg) => this.router.route(worker, msg);
      pool.onError = (err) => {
        this.poolError = err;
        this.router.fail(err);
      };
      this.pool = pool;
    }
    return this.pool;
  }

  private getSeqVm(): Promise<ExecutionVm> {
    this.seqVm ??= createExecutionVm(
      this.modules.common,
      new FlatStateManager(createStoreSource(this.store, EMPTY_TRIE_ROOT), this.store.keccak),
    );
    return this.seqVm;
  }

  buildBlock(parent: Uint8Array, env: BlockEnv, candidates: readonly TypedTransaction[]): Promise<BlockExecutionResult> {
    return this.lock(() => this.execute(parent, env, candidates, "build"));
  }

  executeBlock(parent: Uint8Array, env: BlockEnv, txs: readonly TypedTransaction[]): Promise<BlockExecutionResult> {
    return this.lock(() => this.execute(parent, env, txs, "execute"));
  }

  call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest) {
    return this.callLock(async () => {
      this.ensureOpen();
      this.callVm ??= createExecutionVm(
        this.modules.common,
        new FlatStateManager(createStoreSource(this.store, EMPTY_TRIE_ROOT), this.store.keccak),
      );
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
  private async recoverSenders(
    pool: WorkerPool | null,
    parent: Uint8Array,
    env: BlockEnv,
    txs: readonly TypedTransaction[],
    epoch: number,
  ): Promise<{ senders: (Uint8Array | null)[]; owner: Int8Array }> {
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
      // The pool recovered what a proposer builds from: those keys travel with the tasks instead.
      const recover = Uint8Array.from(txs, (tx) => (tx.cache.senderPubKey === undefined ? 1 : 0));
      let remaining = pool.workers.length;
      if (this.poolError !== null) throw this.poolError;
      let unroute = (): void => {};
      const done = new Promise<void>((resolve, reject) => {
        const onReply = (worker: PoolWorker, msg: Reply<"recovered">): void => {
          if (msg.epoch !== epoch) return;
          for (let k = 0; k < msg.indices.length; k++) {
            const i = msg.indices[k]!;
            owner[i] = worker.id;
            // A transaction that already carried a public key keeps the main thread's verdict.
            if (msg.ok[k] === 1 && cacheSenderPublicKey(txs[i]!, msg.pubkeys.slice(k * 64, k * 64 + 64))) {
              recovered[i] = msg.senders.slice(k * 20, k * 20 + 20);
            }
          }
          if (--remaining === 0) resolve();
        };
        unroute = this.router.set("recovered", { onReply, onPoolError: reject });
      });
      // Chunks are dealt round-robin to the workers only: a share for this thread made three
      // threads compete for two cores (each ran ~1.5× slower), and this thread serialises the block.
      for (const w of pool.workers) {
        w.post({
          t: "block",
          epoch,
          env,
          parentRoot: parent,
          raw,
          offsets,
          recoveryChunk: RECOVERY_CHUNK,
          recover,
          workers: pool.workers.length,
        });
      }
      try {
        await done;
      } finally {
        unroute();
      }
    }
    // Senders the workers derived are used as they are (the keccak of each public key is done);
    // the rest (no pool, a failed or pre-cached recovery) get the reference verdict here.
    return { senders: txs.map((tx, i) => recovered[i] ?? recoverSenderCached(tx, this.recovery)), owner };
  }

  private async execute(
    parent: Uint8Array,
    blockEnv: BlockEnv,
    txs: readonly TypedTransaction[],
    mode: "build" | "execute",
  ): Promise<BlockExecutionResult> {
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
      const distinctSenders = txs.length - schedule.repeatSenders;
      if (!this.forceParallel && distinctSenders < this.workersWanted * MIN_SENDERS_PER_WORKER) fallbackReason = "serial-senders";
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
    const run = new BlockRun(this.createRunContext(pool), {
      parent,
      env,
      txs,
      senders,
      owner,
      schedule,
      mode,
      epoch,
      started,
      recoveryMs,
      scheduleMs,
    });
    const result = await run.execute();
    observeBlock(this.modules.metrics, result.stats, result.transactions.length);
    return result;
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
      const unroute = this.router.set("receipts", {
        onReply: (_worker, msg) => {
          if (msg.epoch !== epoch) return;
          unroute();
          resolve(msg.result.code === "success" ? msg.result.result : undefined);
        },
        // A failed worker never answers: the receipts are then computed here.
        onPoolError: () => resolve(undefined),
      });
    });
    worker.post({ t: "receipts", epoch, items: receiptInputs(included) });
    return summary;
  }
}

/** What the receipts need of each included transaction. */
function receiptInputs(included: readonly IncludedTx[]): ReceiptInput[] {
  return included.map(({ tx, execution }) => ({
    txType: tx.type,
    status: execution.status,
    gasUsed: execution.gasUsed,
    logs: execution.logs,
  }));
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
