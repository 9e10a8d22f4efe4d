// eth_call and eth_estimateGas away from the block thread: call workers with a time limit, or this thread.
import type { Worker } from "node:worker_threads";
import type { Common } from "@eigenchain/chain";
import { executorError } from "../errors.js";
import type { BlockEnv, CallRequest, CallResult, StateStore } from "../interface.js";
import { describeCommon } from "../parallel/commonSpec.js";
import { checkStateRoot, requireTrieStore, runCall } from "../runHelpers.js";
import type { TrieStateStore } from "../state/stateStore.js";
import { EMPTY_SOURCE } from "../vm/callKernel.js";
import type { StateSource } from "../vm/flatState.js";
import { FlatStateManager } from "../vm/flatState.js";
import { createMutex } from "../vm/mutex.js";
import { createStoreSource } from "../vm/storeSource.js";
import type { ExecutionVm } from "../vm/txKernel.js";
import { createExecutionVm, materializeBlockHashes } from "../vm/txKernel.js";
import { startWorkerThread } from "../workerThread.js";
import type { SimulateInput, SimulateOutput } from "./simulateKernel.js";
import { runSimulateOnSource } from "./simulateKernel.js";
import type { CallWorkerSetup, FromCallWorker, StateRead, ToCallWorker } from "./types.js";

export interface CallRunnerOpts {
  /** Call worker threads (each runs one call at a time); default 1; 0 runs calls on this thread. */
  workers?: number;
  /** Wall-clock limit of one call (geth's --rpc.evmtimeout); default 5 s. 0: no limit. */
  timeoutMs?: number;
}

export interface CallRunnerModules {
  stateStore: StateStore;
  common: Common;
}

/** eth_call / eth_estimateGas executions away from the thread that produces blocks. */
export interface CallRunner {
  /** Runs one call; past `timeoutMs` (the runner's default when absent) it ends with geth's "execution aborted". */
  call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest, opts?: { timeoutMs?: number }): Promise<CallResult>;
  /**
   * eth_simulateV1's blocks of calls on one overlay of `stateRoot`, under the same time limit as a
   * call (past it the promise rejects with geth's "execution aborted" text).
   */
  simulate(stateRoot: Uint8Array, input: SimulateInput, opts?: { timeoutMs?: number }): Promise<SimulateOutput>;
  close(): Promise<void>;
}

/** geth's --rpc.evmtimeout default. */
export const DEFAULT_CALL_TIMEOUT_MS = 5000;

/** One unit of work for a call worker: an eth_call, or an eth_simulateV1 request. */
type CallWork = { kind: "call"; env: BlockEnv; request: CallRequest } | { kind: "simulate"; input: SimulateInput };

interface CallJob {
  stateRoot: Uint8Array;
  work: CallWork;
  timeoutMs: number;
  resolve: (result: never) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker | null;
  /** The worker has loaded its modules: a call's time limit runs from then, not from the spawn. */
  ready: boolean;
  job: CallJob | null;
  callId: number;
  source: StateSource | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/** geth's text for a call stopped by the time limit ("execution aborted (timeout = 5s)"). */
export function formatCallTimeout(timeoutMs: number): string {
  const duration = timeoutMs % 1000 === 0 ? `${timeoutMs / 1000}s` : `${timeoutMs}ms`;
  return `execution aborted (timeout = ${duration})`;
}

/**
 * Runs calls on worker threads: the EVM loop of a call (an endless loop burns up to the gas cap,
 * seconds of CPU) never runs on the caller's thread. Each worker reads the call's state through
 * messages answered here from the store; a call past its time limit is ended by terminating its
 * worker (a fresh one starts for the next call), so the limit holds whatever the EVM is doing.
 */
export class WorkerCallRunner implements CallRunner {
  private readonly store: TrieStateStore;
  private readonly setup: CallWorkerSetup;
  private readonly slots: Slot[];
  private readonly queue: CallJob[] = [];
  private readonly defaultTimeoutMs: number;
  private nextCallId = 1;
  private closed = false;

  constructor(opts: CallRunnerOpts, modules: CallRunnerModules) {
    this.store = requireTrieStore(modules.stateStore);
    this.setup = { common: describeCommon(modules.common) };
    this.defaultTimeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.slots = Array.from({ length: Math.max(1, opts.workers ?? 1) }, () => ({
      worker: null,
      ready: false,
      job: null,
      callId: 0,
      source: null,
      timer: null,
    }));
    // Workers start with the first call (a node that serves none pays nothing); a call's time limit
    // runs from its worker's ready signal, so a cold start never turns into a timeout.
  }

  async call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest, opts: { timeoutMs?: number } = {}): Promise<CallResult> {
    if (this.closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
    return this.enqueue<CallResult>(stateRoot, { kind: "call", env: materializeBlockHashes(env), request }, opts);
  }

  simulate(stateRoot: Uint8Array, input: SimulateInput, opts: { timeoutMs?: number } = {}): Promise<SimulateOutput> {
    const blocks = input.blocks.map((b) => ({ ...b, env: materializeBlockHashes(b.env) }));
    return this.enqueue<SimulateOutput>(stateRoot, { kind: "simulate", input: { ...input, blocks } }, opts);
  }

  private async enqueue<T>(stateRoot: Uint8Array, work: CallWork, opts: { timeoutMs?: number }): Promise<T> {
    if (this.closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
    await checkStateRoot(this.store, stateRoot);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        stateRoot,
        work,
        timeoutMs: opts.timeoutMs ?? this.defaultTimeoutMs,
        resolve: resolve as (r: never) => void,
        reject,
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const closedError = executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
    for (const job of this.queue.splice(0)) job.reject(closedError);
    await Promise.all(
      this.slots.map(async (slot) => {
        this.finish(slot)?.reject(closedError);
        const worker = slot.worker;
        slot.worker = null;
        await worker?.terminate();
      }),
    );
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job !== null) continue;
      const job = this.queue.shift();
      if (job === undefined) return;
      this.start(slot, job);
    }
  }

  private start(slot: Slot, job: CallJob): void {
    const worker = slot.worker ?? this.spawn(slot);
    slot.job = job;
    slot.callId = this.nextCallId++;
    slot.source = createStoreSource(this.store, job.stateRoot);
    if (slot.ready) this.startTimer(slot);
    const msg: ToCallWorker =
      job.work.kind === "call"
        ? { t: "call", callId: slot.callId, env: job.work.env, request: job.work.request }
        : { t: "simulate", callId: slot.callId, input: job.work.input };
    worker.postMessage(msg);
  }

  private startTimer(slot: Slot): void {
    const job = slot.job;
    if (job !== null && job.timeoutMs > 0 && slot.timer === null) slot.timer = setTimeout(() => this.abort(slot), job.timeoutMs);
  }

  private spawn(slot: Slot): Worker {
    const worker = startWorkerThread(import.meta.url, this.setup);
    slot.ready = false;
    worker.on("message", (msg: FromCallWorker) => this.onMessage(slot, worker, msg));
    worker.on("error", (err) => this.onCrash(slot, worker, err));
    worker.on("exit", () => {
      if (slot.worker === worker) this.onCrash(slot, worker, new Error("call worker exited"));
    });
    slot.worker = worker;
    return worker;
  }

  /** Clears the slot and hands back the job it was running. */
  private finish(slot: Slot): CallJob | null {
    const job = slot.job;
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.source = null;
    return job;
  }

  private onMessage(slot: Slot, worker: Worker, msg: FromCallWorker): void {
    if (slot.worker !== worker) return;
    if (msg.t === "ready") {
      slot.ready = true;
      this.startTimer(slot);
      return;
    }
    if (msg.callId !== slot.callId || slot.job === null) return;
    if (msg.t === "read") {
      this.answerRead(slot, worker, msg.readId, msg.read);
      return;
    }
    const job = this.finish(slot);
    if (msg.t === "done") job?.resolve(msg.result as never);
    else if (msg.t === "simulated") job?.resolve(msg.output as never);
    else job?.reject(executorError({ code: "EXECUTOR_WORKER_FAILED", reason: msg.error }, msg.error));
    this.dispatch();
  }

  private answerRead(slot: Slot, worker: Worker, readId: number, read: StateRead): void {
    const source = slot.source;
    if (source === null) return;
    const callId = slot.callId;
    const value =
      read.kind === "account"
        ? source.getAccount(Buffer.from(read.address).toString("hex"), read.address)
        : read.kind === "storage"
          ? source.getStorage(Buffer.from(read.address).toString("hex"), read.address, Buffer.from(read.slot).toString("hex"), read.slot)
          : source.getCode(read.codeHash);
    value.then(
      (v) => {
        if (slot.worker === worker && slot.callId === callId) worker.postMessage({ t: "read", readId, value: v } satisfies ToCallWorker);
      },
      (err: unknown) => {
        if (slot.worker === worker && slot.callId === callId) {
          worker.postMessage({ t: "readError", readId, error: err instanceof Error ? err.message : String(err) } satisfies ToCallWorker);
        }
      },
    );
  }

  /** The time limit passed: the worker is terminated mid-EVM and the call ends like geth's. */
  private abort(slot: Slot): void {
    const job = this.finish(slot);
    const worker = slot.worker;
    slot.worker = null;
    void worker?.terminate();
    if (job?.work.kind === "simulate") job.reject(executorError({ code: "EXECUTOR_CALL_TIMEOUT" }, formatCallTimeout(job.timeoutMs)));
    else job?.resolve({ returnData: new Uint8Array(), gasUsed: 0n, reverted: false, error: formatCallTimeout(job.timeoutMs) } as never);
    this.dispatch();
  }

  private onCrash(slot: Slot, worker: Worker, err: Error): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    this.finish(slot)?.reject(executorError({ code: "EXECUTOR_WORKER_FAILED", reason: err.message }, err.message, err));
    if (!this.closed) this.dispatch();
  }
}

/**
 * Calls on this thread, one at a time (no threads: tests, a one-core node). Nothing can stop an
 * EVM loop here, so the time limit is not enforced; the gas cap still bounds each call.
 */
export class MainThreadCallRunner implements CallRunner {
  private readonly store: TrieStateStore;
  private readonly lock = createMutex();
  private vm: Promise<ExecutionVm> | null = null;
  private closed = false;

  constructor(private readonly modules: CallRunnerModules) {
    this.store = requireTrieStore(modules.stateStore);
  }

  call(stateRoot: Uint8Array, env: BlockEnv, request: CallRequest): Promise<CallResult> {
    return this.lock(async () => {
      if (this.closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
      this.vm ??= createExecutionVm(this.modules.common, new FlatStateManager(EMPTY_SOURCE, this.store.keccak));
      return runCall(await this.vm, this.store, this.modules.common, stateRoot, env, request);
    });
  }

  simulate(stateRoot: Uint8Array, input: SimulateInput): Promise<SimulateOutput> {
    return this.lock(async () => {
      if (this.closed) throw executorError({ code: "EXECUTOR_CLOSED" }, "executor is closed");
      this.vm ??= createExecutionVm(this.modules.common, new FlatStateManager(EMPTY_SOURCE, this.store.keccak));
      await checkStateRoot(this.store, stateRoot);
      return runSimulateOnSource(await this.vm, createStoreSource(this.store, stateRoot), this.modules.common, input);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Worker threads by default; `workers: 0` runs calls on this thread. */
export function createCallRunner(opts: CallRunnerOpts, modules: CallRunnerModules): CallRunner {
  return opts.workers === 0 ? new MainThreadCallRunner(modules) : new WorkerCallRunner(opts, modules);
}
