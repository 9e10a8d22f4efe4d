// The parallel executor's versioned state and the messages between the coordinator and its workers.
import type { RecoveryBackend } from "../crypto/recover.js";
import type { BlockEnv } from "../interface.js";
import type { AccountData } from "../state/account.js";
import type { TxOutcome } from "../vm/txKernel.js";
import type { CommonSpec } from "./commonSpec.js";

/**
 * Versioned-state keys (strings, cheap to hash): `a<addr>` account, `s<addr><slot>` storage slot,
 * `c<addr>` storage wiped (creation / self-destruct), `k<codeHash>` code (immutable).
 */
export type StateKey = string;

/** A value in versioned state: account (null = absent), slot value, or a wipe marker. */
export type StateValue = AccountData | null | Uint8Array | true;

/** The state as of the committed prefix of a block: key → (writer tx index, value). */
export type VersionedState = Map<StateKey, { version: number; value: StateValue }>;

/** One key written by a transaction. */
export type WriteEntry = [StateKey, StateValue];

/** What one execution of one transaction (one incarnation) produced. */
export interface TxResult {
  index: number;
  incarnation: number;
  /** Key → version seen (-1 = the parent state). */
  reads: [StateKey, number][];
  /** In application order: wipes first, then accounts and slots. */
  writes: WriteEntry[];
  /** New code by hash hex. */
  code: [string, Uint8Array][];
  /** Priority fee credited to the coinbase as a delta (when the tx never read the coinbase). */
  coinbaseDelta: bigint | null;
  outcome: TxOutcome;
  startMs: number;
  endMs: number;
}

/** One transaction to execute: its index, its sender and, when this worker did not recover it, the sender's public key. */
export interface TaskItem {
  index: number;
  incarnation: number;
  sender: Uint8Array;
  pubkey: Uint8Array | null;
}

/** What each worker thread starts with (its `workerData`). */
export interface WorkerSetup {
  common: CommonSpec;
  workerId: number;
  recovery: RecoveryBackend;
  /** Holds the epoch the coordinator still wants results for (see WorkerPool.setCurrentEpoch). */
  control: SharedArrayBuffer;
  /** See ParallelExecutorOpts.workerKzgModule. */
  kzgModule?: string;
}

/**
 * Coordinator → worker messages. The block's raw transactions travel once, in a SharedArrayBuffer
 * both workers read (no copy, no clone); each worker then gets its whole share of the block in one
 * task list and runs it in block order, each transaction seeing the parent state plus the writes of
 * this worker's earlier transactions (never another worker's: the coordinator's validation catches
 * those reads). Workers read the parent state themselves from a cache of trie nodes (immutable,
 * content-addressed, so it stays valid across blocks) and ask for a node only when it misses.
 */
export type ToWorker =
  | {
      t: "block";
      epoch: number;
      env: BlockEnv;
      parentRoot: Uint8Array;
      raw: Uint8Array;
      offsets: Uint32Array;
      /** Transactions are recovered in chunks of this size, dealt round-robin: chunk j goes to worker j mod workers. */
      recoveryChunk: number;
      /** Per transaction, 1 when its sender is to be recovered; 0 when the coordinator already has its public key (the pool's). */
      recover: Uint8Array;
      workers: number;
    }
  | { t: "tasks"; epoch: number; tasks: TaskItem[] }
  /** Answers to one `blobs` request, in its order (undefined: not in the store). */
  | { t: "blobResults"; id: number; values: (Uint8Array | undefined)[] }
  /** Blooms and receipts root of a finished block, computed while the coordinator hashes the state. */
  | { t: "receipts"; epoch: number; items: import("../vm/assemble.js").ReceiptInput[] }
  /** Update and hash these top-level subtries of the account trie (see `applyChangesBySubtrie`). */
  | { t: "subtries"; id: number; parentRoot: Uint8Array; groups: [number, import("../state/accountLeaf.js").AccountChange[]][] }
  | { t: "close" };

/** Worker → coordinator messages. Results follow the `{code: "success" | "error"}` shape. */
export type FromWorker =
  /** Per recovered tx: 64-byte public key and 20-byte sender (ok = 0: no sender, the reference verdict). */
  | { t: "recovered"; epoch: number; indices: Uint32Array; pubkeys: Uint8Array; senders: Uint8Array; ok: Uint8Array; ms: number }
  | {
      t: "results";
      epoch: number;
      worker: number;
      results: ({ code: "success"; result: TxResult } | { code: "error"; error: string; index: number })[];
    }
  /** Trie nodes or code this worker's cache lacks, by keccak hash, asked for together. */
  | { t: "blobs"; id: number; hashes: Uint8Array[] }
  | {
      t: "receipts";
      epoch: number;
      result: { code: "success"; result: import("../vm/assemble.js").ReceiptsSummary } | { code: "error"; error: string };
    }
  | {
      t: "subtries";
      id: number;
      result: { code: "success"; result: import("../state/accountLeaf.js").SubtrieResult } | { code: "error"; error: string };
    };
