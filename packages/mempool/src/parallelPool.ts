// ParallelPool, the pool's shell: decoding, sender recovery, state reads, journal, timers and metrics around the pure core.
import { availableParallelism } from "node:os";
import {
  type Common,
  cacheSenderPublicKey,
  decodeTransaction,
  EigenError,
  getRecoveryId,
  keccak256,
  loadNativeSecp256k1,
  MAX_TRANSACTION_BYTES,
  type TypedTransaction,
  toHex,
} from "@eigenchain/chain";
import { getCalldataFloorGas } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes } from "@ethereumjs/util";
import { createMempoolError, type MempoolErrorType, type Rejection } from "./errors.js";
import type { AddResult, Batch, BlockSelection, Mempool, NewBlockUpdate, PooledTransaction, PoolStateReader } from "./interface.js";
import { createFileTxJournal, type TxJournal } from "./journal.js";
import { PoolMaintenance, type StartResult } from "./maintenance.js";
import type { MempoolMetrics } from "./metrics.js";
import {
  type AccessSet,
  type AccessSetInput,
  accessSetsConflict,
  deriveAccessSet,
  type ExecutionAccessReport,
  getSelector,
} from "./pool/accessSet.js";
import { canRunCode, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, MIN_BATCH_SIZE } from "./pool/batchBuilder.js";
import { getTxTag } from "./pool/tags.js";
import { TxPoolCore } from "./pool/txPool.js";
import type { AccountState, PoolConfig, PoolTx, Removal } from "./pool/types.js";
import type { SenderRecoverer } from "./sender/interface.js";
import { MainThreadSenderRecoverer } from "./sender/mainThread.js";
import type { EcrecoverBackend, RecoveryJob } from "./sender/types.js";
import { WorkerPoolSenderRecoverer } from "./sender/workerPool.js";

export interface ParallelPoolOpts {
  /** Slots (32 KiB units) in total, pending and queued; geth's default 4096. */
  globalSlots?: number;
  /** Transactions one sender may hold here; default 1024. */
  accountSlots?: number;
  /** Queued (nonce-gapped) transactions one sender may hold; geth's default 64. */
  accountQueue?: number;
  /** Minimum tip cap in wei; geth's default 1. */
  priceLimit?: bigint;
  /** Replacement bump in percent; geth's default 10. */
  priceBump?: bigint;
  /** Idle time after which a sender's queued transactions are dropped (ms); geth's default 3 h. */
  lifetimeMs?: number;
  /** Largest encoded transaction admitted, in bytes; default and ceiling 4 MiB (the original design's). */
  maxTxBytes?: number;
  /** The current block gas limit; transactions above it are refused. Default 30,000,000. */
  blockGasLimit?: bigint;
  /**
   * How much of a block's gas transactions that can run code (a gas limit above a plain transfer's
   * 21,000) may take together, and so the most one of them may ask for: a bound on a block's EVM time
   * below its gas limit, which plain transfers may fill. Default: the block gas limit (geth's rule).
   */
  codeGasLimit?: bigint;
  /** Base fee of the next block until the first `onNewBlock`. Default 0. */
  baseFeePerGas?: bigint;
  /** Transactions per batch, 1–256; default 64. */
  batchSize?: number;
  /** "worker": recovery on worker threads; "main": on the calling thread; "auto" (default): `chooseRecoveryMode`. */
  recovery?: "worker" | "main" | "auto";
  /** Worker threads for recovery; default cores − 1, at least 1. */
  recoveryWorkers?: number;
  /** "native" (default, falls back to "js" where the binding does not load) or "js". */
  ecrecover?: EcrecoverBackend;
  /** JSONL journal of local transactions; none when absent (unless `modules.journal`). */
  journalPath?: string;
  /** How often `start()`'s timer drops stale queued transactions (ms); default 60 s. */
  evictionIntervalMs?: number;
  /** How often the journal is rewritten with the locals still pooled (ms); default 1 h. */
  journalRotateMs?: number;
}

export interface ParallelPoolModules {
  common: Common;
  state: PoolStateReader;
  metrics?: MempoolMetrics | null;
  journal?: TxJournal | null;
  /** Wall clock in ms; injectable for lifetime tests. */
  clock?: () => number;
  /** Sender recovery; default built from `opts.recovery`. A given one is closed by `close()` too. */
  recoverer?: SenderRecoverer;
}

export interface ParallelStats {
  /** Pooled transactions the builder may run beside others. */
  parallelizable: number;
  /** Pooled transactions isolated by a `SEQUENTIAL` tag or their type. */
  sequential: number;
  pending: number;
  queued: number;
  batchSize: number;
  /** Selections built since start. */
  selections: number;
  /** Batches built since start. */
  batches: number;
  /** Sizes of the batches of the last selection, in order. */
  lastBatchSizes: number[];
  /** Time the last selection took (ms). */
  lastSelectMs: number;
  /** Learned (contract, selector) entries. */
  learnedEntries: number;
}

const DEFAULTS = {
  globalSlots: 4096,
  accountSlots: 1024,
  accountQueue: 64,
  priceLimit: 1n,
  priceBump: 10n,
  lifetimeMs: 3 * 60 * 60 * 1000,
  blockGasLimit: 30_000_000n,
  evictionIntervalMs: 60_000,
  journalRotateMs: 60 * 60 * 1000,
} as const;
/** geth's `txSlotSize`: one slot per started 32 KiB. */
const TX_SLOT_BYTES = 32 * 1024;

/**
 * Where senders are recovered when not told: on the calling thread where native recovery loads and
 * the machine has at most 2 cores. There a recovery thread only competes for the same two cores:
 * bench:node measured the same admission rate both ways (~1,000 tx/s) and ~35 MB more memory with
 * the thread, which costs the main thread ~0.1 ms of messaging per transaction against ~0.06 ms of
 * native recovery. The pure-JS curve (~1.4 ms a signature) always goes to a worker.
 */
export function chooseRecoveryMode(mode: "worker" | "main" | "auto", backend: EcrecoverBackend): "worker" | "main" {
  if (mode !== "auto") return mode;
  return backend === "native" && loadNativeSecp256k1() !== null && availableParallelism() <= 2 ? "main" : "worker";
}

function fail(type: MempoolErrorType, message: string): never {
  throw createMempoolError({ type, message });
}

function feeFields(tx: TypedTransaction): { maxFee: bigint; maxTip: bigint } {
  if ("maxFeePerGas" in tx) return { maxFee: tx.maxFeePerGas, maxTip: tx.maxPriorityFeePerGas };
  return { maxFee: tx.gasPrice, maxTip: tx.gasPrice };
}

function getAccessSetInput(tx: TypedTransaction, senderHex: string, sender: Uint8Array): AccessSetInput {
  return {
    txType: tx.type,
    sender: senderHex,
    senderBytes: sender,
    to: tx.to === undefined ? undefined : tx.to.toString().toLowerCase(),
    nonce: tx.nonce,
    value: tx.value,
    data: tx.data,
    accessList: "accessList" in tx ? tx.accessList : [],
    tag: getTxTag(tx.data),
  };
}

/**
 * EIGENChain's transaction pool: geth's pool semantics plus access sets and conflict-free batches
 * (see DESIGN.md "Mempool"). The rules live in the pure `TxPoolCore`; this shell decodes, recovers
 * senders off the main thread, reads state, keeps time, journals locals and reports metrics.
 */
export class ParallelPool implements Mempool {
  private readonly core: TxPoolCore;
  private readonly common: Common;
  private state: PoolStateReader;
  private stateVersion = 0;
  private readonly metrics: MempoolMetrics | null;
  /** The journal and the timers (maintenance.ts). */
  private readonly maintenance: PoolMaintenance;
  private readonly clock: () => number;
  private readonly recoverer: SenderRecoverer;
  private readonly maxTxBytes: number;
  private blockGasLimit: bigint;
  private readonly codeGasLimit: bigint | undefined;
  private batchSize: number;
  private closed = false;
  private learnedSeen = 0;
  private learnedRecorded = 0;
  private readonly stats = { selections: 0, batches: 0, lastBatchSizes: [] as number[], lastSelectMs: 0 };

  constructor(opts: ParallelPoolOpts, modules: ParallelPoolModules) {
    const maxTxBytes = opts.maxTxBytes ?? MAX_TRANSACTION_BYTES;
    if (!Number.isInteger(maxTxBytes) || maxTxBytes < 1 || maxTxBytes > MAX_TRANSACTION_BYTES) {
      throw new RangeError(`maxTxBytes must be 1..${MAX_TRANSACTION_BYTES}`);
    }
    this.maxTxBytes = maxTxBytes;
    const config: PoolConfig = {
      globalSlots: opts.globalSlots ?? DEFAULTS.globalSlots,
      accountSlots: opts.accountSlots ?? DEFAULTS.accountSlots,
      accountQueue: opts.accountQueue ?? DEFAULTS.accountQueue,
      priceLimit: opts.priceLimit ?? DEFAULTS.priceLimit,
      priceBump: opts.priceBump ?? DEFAULTS.priceBump,
      lifetimeMs: opts.lifetimeMs ?? DEFAULTS.lifetimeMs,
    };
    this.core = new TxPoolCore(config, opts.baseFeePerGas ?? 0n);
    this.common = modules.common;
    this.state = modules.state;
    this.metrics = modules.metrics ?? null;
    this.clock = modules.clock ?? Date.now;
    this.blockGasLimit = opts.blockGasLimit ?? DEFAULTS.blockGasLimit;
    this.codeGasLimit = opts.codeGasLimit;
    this.batchSize = DEFAULT_BATCH_SIZE;
    this.setBatchSize(opts.batchSize ?? DEFAULT_BATCH_SIZE);
    const journal = modules.journal ?? (opts.journalPath === undefined ? null : createFileTxJournal(opts.journalPath));
    this.maintenance = new PoolMaintenance(
      { readmitLocal: (raw) => this.admit(raw, true, false), getLocals: () => this.getLocals(), evictStale: () => this.evictStale() },
      journal,
      {
        evictionIntervalMs: opts.evictionIntervalMs ?? DEFAULTS.evictionIntervalMs,
        journalRotateMs: opts.journalRotateMs ?? DEFAULTS.journalRotateMs,
      },
    );
    const backend = opts.ecrecover ?? "native";
    this.recoverer =
      modules.recoverer ??
      (chooseRecoveryMode(opts.recovery ?? "auto", backend) === "worker"
        ? new WorkerPoolSenderRecoverer(opts.recoveryWorkers === undefined ? { backend } : { backend, workers: opts.recoveryWorkers }, {
            onBatch: (_size, wait, run) => {
              this.metrics?.recoveryWaitSeconds.observe(wait);
              this.metrics?.recoveryJobSeconds.observe(run);
            },
          })
        : new MainThreadSenderRecoverer(backend));
  }

  /** Which recovery path and curve backend are in use. */
  get recovery(): { mode: "main" | "worker"; backend: EcrecoverBackend } {
    return { mode: this.recoverer.mode, backend: this.recoverer.backend };
  }

  /** Reloads the journal and starts the timers (see PoolMaintenance.start). */
  start(): Promise<StartResult> {
    return this.maintenance.start();
  }

  /** Rewrites the journal with the local transactions still pooled, in sender and nonce order. */
  rotateJournal(): Promise<void> {
    return this.maintenance.rotateJournal();
  }

  /** The raw local transactions still pooled, in sender and nonce order (what the journal keeps). */
  private getLocals(): Uint8Array[] {
    const locals: Uint8Array[] = [];
    const { pending, queued } = this.core.content();
    for (const list of [...pending.values(), ...queued.values()]) for (const tx of list) if (tx.local) locals.push(tx.raw);
    return locals;
  }

  addLocal(raw: Uint8Array): Promise<AddResult> {
    return this.admit(raw, true, true);
  }

  addRemote(raw: Uint8Array): Promise<AddResult> {
    return this.admit(raw, false, false);
  }

  /** Stateless and stateful validation, then admission. Gossip and RPC share every step. */
  private async admit(raw: Uint8Array, local: boolean, journal: boolean): Promise<AddResult> {
    if (this.closed) fail({ code: "MEMPOOL_CLOSED" }, "txpool closed");
    let tx: TypedTransaction;
    try {
      tx = decodeTransaction(raw, this.common, this.maxTxBytes);
    } catch (err) {
      this.metrics?.invalid.inc({ code: err instanceof EigenError ? err.code : "TX_RLP_INVALID" });
      throw err;
    }
    const hash = tx.hash();
    const hashHex = toHex(hash);
    if (this.core.has(hashHex)) return this.refuse({ type: { code: "MEMPOOL_ALREADY_KNOWN" }, message: "already known" });
    const stateless = this.validateStateless(tx);
    if (stateless !== undefined) return this.refuse(stateless);

    if (!local && !this.recoverer.canAcceptWork()) {
      this.metrics?.recoveryDropped.inc();
      return this.refuse({ type: { code: "MEMPOOL_BUSY" }, message: "txpool is busy" });
    }
    const job: RecoveryJob = {
      msgHash: tx.getMessageToVerifySignature(),
      r: bigIntToUnpaddedBytes(tx.r as bigint),
      s: bigIntToUnpaddedBytes(tx.s as bigint),
      // An id libsecp256k1 cannot take fails the job (the reference path decides).
      recovery: getRecoveryId(tx) ?? 0xff,
    };
    this.metrics?.recoveryQueue.set(this.recoverer.queueLength());
    const recovered = await this.recoverer.recover(job);
    if (recovered.code === "error") {
      return this.refuse({ type: { code: "MEMPOOL_INVALID_SENDER" }, message: "invalid sender: invalid transaction v, r, s values" });
    }
    const publicKey = recovered.result;
    // Later callers (the executor) reuse the recovered key instead of recovering again.
    cacheSenderPublicKey(tx, publicKey);
    const sender = keccak256(publicKey).subarray(12);
    const senderHex = toHex(sender);
    const accountState = await this.readAccount(senderHex, sender);
    if (this.closed) fail({ code: "MEMPOOL_CLOSED" }, "txpool closed");

    const { maxFee, maxTip } = feeFields(tx);
    const accessInput = getAccessSetInput(tx, senderHex, sender);
    const now = this.clock();
    const ptx: PoolTx = {
      tx,
      hash,
      sender,
      raw,
      local,
      hashHex,
      senderHex,
      txType: tx.type,
      nonce: tx.nonce,
      gasLimit: tx.gasLimit,
      maxFee,
      maxTip,
      value: tx.value,
      cost: tx.gasLimit * maxFee + tx.value,
      slots: Math.ceil(raw.length / TX_SLOT_BYTES),
      tag: accessInput.tag,
      accessSet: deriveAccessSet(accessInput, this.core.learned),
      seq: this.core.takeSeq(),
      addedAt: now,
    };
    const outcome = this.core.add(ptx, accountState, now);
    if (outcome.status === "invalid") return this.refuse(outcome.rejection, ptx);
    this.metrics?.valid.inc();
    this.recordRemovals(outcome.removed);
    this.updateGauges();
    if (local && journal) this.maintenance.journalLocal(raw);
    const result: AddResult = { hash, status: outcome.pending ? "pending" : "queued" };
    if (outcome.replaced !== undefined) result.replaced = outcome.replaced.hash;
    return result;
  }

  /** geth's stateless checks that need the decoded transaction (`ValidateTransaction`). */
  private validateStateless(tx: TypedTransaction): Rejection | undefined {
    if (tx.gasLimit > this.blockGasLimit) {
      return { type: { code: "MEMPOOL_GAS_LIMIT", gas: tx.gasLimit, limit: this.blockGasLimit }, message: "exceeds block gas limit" };
    }
    const codeLimit = this.codeGasLimitFor(this.blockGasLimit);
    if (canRunCode(tx.gasLimit) && tx.gasLimit > codeLimit) {
      return {
        type: { code: "MEMPOOL_GAS_LIMIT", gas: tx.gasLimit, limit: codeLimit },
        message: `exceeds block gas limit: a transaction that can run code may use at most ${codeLimit} gas here (gas limit ${tx.gasLimit})`,
      };
    }
    const { maxFee, maxTip } = feeFields(tx);
    if (maxFee < maxTip) {
      return { type: { code: "MEMPOOL_TIP_ABOVE_FEE_CAP" }, message: "max priority fee per gas higher than max fee per gas" };
    }
    const intrinsic = tx.getIntrinsicGas();
    if (tx.gasLimit < intrinsic) {
      return {
        type: { code: "MEMPOOL_INTRINSIC_GAS", gas: tx.gasLimit, needed: intrinsic },
        message: `intrinsic gas too low: gas ${tx.gasLimit}, minimum needed ${intrinsic}`,
      };
    }
    const floor = getCalldataFloorGas(tx);
    if (tx.gasLimit < floor) {
      return {
        type: { code: "MEMPOOL_FLOOR_DATA_GAS", gas: tx.gasLimit, needed: floor },
        message: `insufficient gas for floor data gas cost: gas ${tx.gasLimit}, minimum needed ${floor}`,
      };
    }
    if (maxTip < this.core.config.priceLimit) {
      return {
        type: { code: "MEMPOOL_UNDERPRICED" },
        message: `transaction underpriced: gas tip cap ${maxTip}, minimum needed ${this.core.config.priceLimit}`,
      };
    }
    return undefined;
  }

  private refuse(rejection: Rejection, tx?: PoolTx): never {
    const m = this.metrics;
    if (m !== null) {
      switch (rejection.type.code) {
        case "MEMPOOL_ALREADY_KNOWN":
          m.known.inc();
          break;
        case "MEMPOOL_UNDERPRICED":
          m.underpriced.inc();
          break;
        case "MEMPOOL_POOL_FULL":
          m.overflow.inc();
          break;
        case "MEMPOOL_REPLACE_UNDERPRICED":
          if (
            tx !== undefined &&
            this.core.getPendingNonce(tx.senderHex) !== undefined &&
            tx.nonce < (this.core.getPendingNonce(tx.senderHex) as bigint)
          ) {
            m.pendingDiscard.inc();
          } else m.queuedDiscard.inc();
          break;
        default:
          m.invalid.inc({ code: rejection.type.code });
      }
    }
    throw createMempoolError(rejection);
  }

  /** The sender's state: the pool's view if it holds the sender, else read (again if a block lands meanwhile). */
  private async readAccount(senderHex: string, sender: Uint8Array): Promise<AccountState> {
    for (;;) {
      const held = this.core.getAccountState(senderHex);
      if (held !== undefined) return held;
      const version = this.stateVersion;
      const state = this.state;
      const [nonce, balance] = await Promise.all([state.getNonce(sender), state.getBalance(sender)]);
      if (version === this.stateVersion) return { nonce, balance };
    }
  }

  private recordRemovals(removed: readonly Removal[]): void {
    const m = this.metrics;
    if (m === null) return;
    for (const r of removed) {
      switch (r.reason) {
        case "replaced":
          (r.wasPending ? m.pendingReplace : m.queuedReplace).inc();
          break;
        case "nofunds":
          (r.wasPending ? m.pendingNofunds : m.queuedNofunds).inc();
          break;
        case "evicted":
        case "ratelimit":
          (r.wasPending ? m.pendingRateLimit : m.queuedRateLimit).inc();
          break;
        case "nonce":
        case "gaslimit":
        case "stale":
          (r.wasPending ? m.pendingDiscard : m.queuedDiscard).inc();
          break;
        case "included":
          break;
      }
    }
  }

  private updateGauges(): void {
    const m = this.metrics;
    if (m === null) return;
    const s = this.core.status();
    m.pending.set(s.pending);
    m.queued.set(s.queued);
    m.local.set(s.local);
    m.slots.set(s.slots);
    m.parallelizable.set(s.pending + s.queued - s.isolated);
  }

  get(hash: Uint8Array): PooledTransaction | undefined {
    return this.core.get(toHex(hash));
  }

  /** The pool's record with its access set and pricing fields. */
  getPoolTransaction(hash: Uint8Array | string): PoolTx | undefined {
    return this.core.get(typeof hash === "string" ? hash.toLowerCase() : toHex(hash));
  }

  /**
   * The next block's transactions as batches with disjoint access sets, greedily by effective tip
   * at `baseFeePerGas` (default: the base fee of the last `onNewBlock`), nonce order kept, at most
   * `gasLimit` gas, of which transactions that can run code take at most the pool's `codeGasLimit`.
   */
  selectForBlock(gasLimit: bigint, baseFeePerGas?: bigint): BlockSelection {
    const started = performance.now();
    this.refreshLearnedAccessSets();
    const built = this.core.select(gasLimit, this.batchSize, baseFeePerGas ?? this.core.baseFee, this.codeGasLimitFor(gasLimit));
    const batches: Batch[] = built.batches.map((b) => ({ id: b.id, transactions: b.transactions, gasUsed: b.gasUsed }));
    const transactions: TypedTransaction[] = [];
    for (const b of built.batches) for (const t of b.transactions) transactions.push(t.tx);
    const ms = performance.now() - started;
    this.stats.selections++;
    this.stats.batches += batches.length;
    this.stats.lastBatchSizes = batches.map((b) => b.transactions.length);
    this.stats.lastSelectMs = ms;
    const m = this.metrics;
    if (m !== null) {
      m.selectSeconds.observe(ms / 1000);
      m.batchCount.set(batches.length);
      for (const b of batches) m.batchSize.observe(b.transactions.length);
    }
    return { batches, transactions, gasLimit };
  }

  /** What transactions that can run code may take of a block with this gas limit. */
  private codeGasLimitFor(gasLimit: bigint): bigint {
    return this.codeGasLimit !== undefined && this.codeGasLimit < gasLimit ? this.codeGasLimit : gasLimit;
  }

  private refreshLearnedAccessSets(): void {
    if (this.learnedSeen === this.learnedRecorded) return;
    this.learnedSeen = this.learnedRecorded;
    for (const ptx of this.core.all()) {
      if (ptx.accessSet.binding || ptx.tx.to === undefined) continue;
      const selector = getSelector(ptx.tx.data);
      if (selector === undefined) continue;
      const entry = this.core.learned.get(ptx.tx.to.toString(), selector);
      if (entry === undefined || entry.version === ptx.accessSet.learnedVersion) continue;
      this.core.replaceAccessSet(ptx, deriveAccessSet(getAccessSetInput(ptx.tx, ptx.senderHex, ptx.sender), this.core.learned));
    }
  }

  /** Feeds what the executor saw calls touch; later selections use it for the same contract and selector. */
  recordExecution(reports: readonly ExecutionAccessReport[]): void {
    for (const r of reports) this.core.learned.record(r);
    if (reports.length > 0) this.learnedRecorded++;
  }

  async onNewBlock(update: NewBlockUpdate): Promise<void> {
    this.state = update.state;
    this.stateVersion++;
    const version = this.stateVersion;
    if (update.gasLimit !== undefined) this.blockGasLimit = update.gasLimit;
    const senders = this.core.senders();
    const states = new Map<string, AccountState>();
    await Promise.all(
      senders.map(async (senderHex) => {
        const address = hexToAddress(senderHex);
        const [nonce, balance] = await Promise.all([update.state.getNonce(address), update.state.getBalance(address)]);
        states.set(senderHex, { nonce, balance });
      }),
    );
    // A later block that landed while reading supersedes this one.
    if (version !== this.stateVersion) return;
    const included = new Set(update.includedHashes.map((h) => toHex(h)));
    const applied = this.core.applyBlock(states, included, update.baseFeePerGas, this.blockGasLimit, this.clock());
    this.recordRemovals(applied.removed);
    this.updateGauges();
    this.maintenance.onBlockApplied(applied.removed.some((r) => r.tx.local));
  }

  /** Drops queued transactions idle past the lifetime (run by `start()`'s timer; callable directly). */
  evictStale(): number {
    const removed = this.core.evictStale(this.clock());
    this.recordRemovals(removed);
    if (removed.length > 0) this.updateGauges();
    return removed.length;
  }

  getPendingNonce(sender: Uint8Array): bigint | undefined {
    return this.core.getPendingNonce(toHex(sender));
  }

  status(): { pending: number; queued: number } {
    const s = this.core.status();
    return { pending: s.pending, queued: s.queued };
  }

  /** Pending and queued by sender, in nonce order (the pool's own records, a `PooledTransaction` each). */
  content(): { pending: Map<string, PoolTx[]>; queued: Map<string, PoolTx[]> } {
    return this.core.content();
  }

  getBatchSize(): number {
    return this.batchSize;
  }

  /** Sets the batch size for the next selections; `MEMPOOL_BATCH_SIZE_OUT_OF_RANGE` outside 1–256. */
  setBatchSize(size: number): void {
    if (!Number.isInteger(size) || size < MIN_BATCH_SIZE || size > MAX_BATCH_SIZE) {
      fail(
        { code: "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE", size, min: MIN_BATCH_SIZE, max: MAX_BATCH_SIZE },
        `batch size must be between ${MIN_BATCH_SIZE} and ${MAX_BATCH_SIZE}, got ${size}`,
      );
    }
    this.batchSize = size;
  }

  getStats(): ParallelStats {
    const s = this.core.status();
    return {
      parallelizable: s.pending + s.queued - s.isolated,
      sequential: s.isolated,
      pending: s.pending,
      queued: s.queued,
      batchSize: this.batchSize,
      selections: this.stats.selections,
      batches: this.stats.batches,
      lastBatchSizes: [...this.stats.lastBatchSizes],
      lastSelectMs: this.stats.lastSelectMs,
      learnedEntries: this.core.learned.size,
    };
  }

  /** Pending transactions whose access sets conflict with `set` (other than `exceptHashHex`), by sender and nonce. */
  getPendingConflicts(set: AccessSet, exceptHashHex: string): PoolTx[] {
    const conflicts: PoolTx[] = [];
    for (const list of this.core.pendingLists()) {
      for (const other of list) if (other.hashHex !== exceptHashHex && accessSetsConflict(set, other.accessSet)) conflicts.push(other);
    }
    return conflicts;
  }

  /** The access set the pool would give `tx` now (declared, predicted, learned). */
  deriveAccessSet(tx: TypedTransaction, sender: Uint8Array): AccessSet {
    return deriveAccessSet(getAccessSetInput(tx, toHex(sender), sender), this.core.learned);
  }

  get baseFeePerGas(): bigint {
    return this.core.baseFee;
  }

  get gasLimit(): bigint {
    return this.blockGasLimit;
  }

  get chainCommon(): Common {
    return this.common;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.maintenance.close();
    await this.recoverer.close();
  }
}

function hexToAddress(hex: string): Uint8Array {
  const out = new Uint8Array(20);
  for (let i = 0; i < 20; i++) out[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16);
  return out;
}

/** Builds a `ParallelPool` (the node's entry point): `await pool.start()` reloads the journal. */
export function createParallelPool(opts: ParallelPoolOpts, modules: ParallelPoolModules): ParallelPool {
  return new ParallelPool(opts, modules);
}
