import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import type { BlockExecutor, ExecutorModules, ParallelExecutorOpts, TrieStateStore } from "../../src/index.js";
import * as executorApi from "../../src/index.js";
import { bytesToHexFast } from "../../src/state/bytes.js";
import type { SupportedFork } from "./fixtureTypes.js";
import type { LazyKzg } from "./kzg.js";

/** Which executor runs the fixtures. */
export type ExecutorKind = "parallel" | "sequential";

export interface HarnessOpts {
  executor: ExecutorKind;
  /**
   * Parallel executor threads. 1 (the default) runs its kernel — versioned reads, read/write sets,
   * in-order validation, coinbase deltas — on the main thread; 2 or more use worker threads for
   * every block (forced: fixture blocks are far below the executor's parallel threshold).
   */
  workers: number;
  /** EIP-4844 KZG (blob transactions, the point-evaluation precompile), loaded when first used. */
  kzg?: LazyKzg;
}

export interface ForkContext {
  fork: SupportedFork;
  common: Common;
  /** The state store the executor reads; `reset()` gives it a fresh, empty one underneath. */
  store: TrieStateStore;
  executor: BlockExecutor;
}

const HARDFORKS: Record<SupportedFork, Hardfork> = {
  Shanghai: Hardfork.Shanghai,
  Cancun: Hardfork.Cancun,
  Prague: Hardfork.Prague,
};

/** Whether `createParallelExecutor` is exported (it was built after the sequential executor). */
export function hasParallelExecutor(): boolean {
  return typeof (executorApi as Record<string, unknown>).createParallelExecutor === "function";
}

/** A state store with nothing on disk: every trie node stays in the store's memory. */
function createEmptyDb() {
  return { get: async (_key: Uint8Array): Promise<Uint8Array | undefined> => undefined };
}

/**
 * A `TrieStateStore` that forwards to an inner store which `reset()` replaces: one executor (and
 * its worker pool) serves many fixture files while each file's states are dropped after it. A
 * proxy, so methods the store gains later are forwarded too.
 */
async function createResettableStore(common: Common): Promise<{ store: TrieStateStore; reset(): Promise<void> }> {
  let inner: TrieStateStore = await executorApi.createStateStore({ db: createEmptyDb() }, { common });
  const store = new Proxy({} as TrieStateStore, {
    get(_target, prop) {
      const value = (inner as unknown as Record<string | symbol, unknown>)[prop];
      return typeof value === "function" ? value.bind(inner) : value;
    },
    has(_target, prop) {
      return prop in inner;
    },
  });
  return {
    store,
    async reset() {
      await inner.close();
      inner = await executorApi.createStateStore({ db: createEmptyDb() }, { common });
    },
  };
}

/** Per-fork executors over resettable in-memory state stores. */
export class FixtureHarness {
  private readonly contexts = new Map<SupportedFork, { ctx: ForkContext; reset: () => Promise<void> }>();

  constructor(readonly opts: HarnessOpts) {}

  /** What actually executes the fixtures, for the report. */
  describe(): string {
    if (this.opts.executor === "sequential") return "sequential executor";
    const threads = this.opts.workers < 2 ? "1 worker: kernel on the main thread" : `${this.opts.workers} worker threads, forced parallel`;
    return `parallel executor (${threads})`;
  }

  async forFork(fork: SupportedFork): Promise<ForkContext> {
    let entry = this.contexts.get(fork);
    if (entry === undefined) {
      const common = new Common({
        chain: Mainnet,
        hardfork: HARDFORKS[fork],
        ...(this.opts.kzg !== undefined ? { customCrypto: { kzg: this.opts.kzg.kzg } } : {}),
      });
      const { store, reset } = await createResettableStore(common);
      const modules: ExecutorModules = { stateStore: store, common };
      let executor: BlockExecutor;
      if (this.opts.executor === "parallel" && hasParallelExecutor()) {
        const popts: ParallelExecutorOpts =
          this.opts.workers < 2 ? { workers: 1 } : { workers: this.opts.workers, forceParallel: true, minParallelTxs: 1 };
        // Worker threads cannot share this thread's (lazy) KZG: each loads its own.
        if (this.opts.workers >= 2 && this.opts.kzg !== undefined) popts.workerKzgModule = new URL("./workerKzg.ts", import.meta.url).href;
        executor = executorApi.createParallelExecutor(popts, modules);
      } else {
        executor = executorApi.createSequentialExecutor({}, modules);
      }
      entry = { ctx: { fork, common, store, executor }, reset };
      this.contexts.set(fork, entry);
    }
    return entry.ctx;
  }

  /** Drops every state built so far (between fixture files). */
  async reset(): Promise<void> {
    for (const { reset } of this.contexts.values()) await reset();
  }

  async close(): Promise<void> {
    for (const { ctx } of this.contexts.values()) {
      await ctx.executor.close();
      await ctx.store.close();
    }
    this.contexts.clear();
  }
}

export function toHex(bytes: Uint8Array): string {
  return `0x${bytesToHexFast(bytes)}`;
}
