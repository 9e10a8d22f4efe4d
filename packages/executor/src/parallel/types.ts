import type { AccountData } from "../state/account.js";

/**
 * Versioned-state keys (strings, cheap to hash): `a<addr>` account, `s<addr><slot>` storage slot,
 * `c<addr>` storage wiped (creation / self-destruct), `k<codeHash>` code (immutable).
 */
export type StateKey = string;

/** A value in versioned state: account (null = absent), slot value, or a wipe marker. */
export type StateValue = AccountData | null | Uint8Array | true;

/** The state as of the committed prefix of a block: key → (writer tx index, value). */
export type VersionedState = Map<StateKey, { version: number; value: StateValue }>;

/** A committed write with its writer index, as sent to workers. */
export type VersionedEntry = [StateKey, StateValue, number];

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
  outcome: import("../vm/txKernel.js").TxOutcome;
  startMs: number;
  endMs: number;
}

/** Coordinator → worker messages. */
export type ToWorker =
  | { t: "block"; epoch: number; env: import("../interface.js").BlockEnv; raw: Uint8Array; offsets: Uint32Array; recoverFrom: number; recoverTo: number }
  | { t: "task"; epoch: number; index: number; incarnation: number; pubkey: Uint8Array | null; committed: VersionedEntry[]; code: [string, Uint8Array][]; base: [StateKey, StateValue | undefined][] }
  | { t: "readResult"; id: number; value: StateValue | undefined }
  | { t: "close" };

/** Worker → coordinator messages. Results follow the `{code: "success" | "error"}` shape. */
export type FromWorker =
  | { t: "recovered"; from: number; pubkeys: Uint8Array; ok: Uint8Array }
  | { t: "result"; epoch: number; worker: number; result: { code: "success"; result: TxResult } | { code: "error"; error: string; index: number } }
  | { t: "read"; id: number; key: StateKey };
