/**
 * Types shared by the pure consensus core. Values are opaque to consensus: a value is known by its
 * id (a 32-byte block hash as 0x-hex); the host fetches, builds and validates the block behind it.
 */

/** Identifies a proposed value (block hash, `0x` + 64 hex chars for signing). */
export type ValueId = string;

/** Validator identity (an address; the host maps it to a BLS public key). */
export type Address = string;

export type VoteType = "prevote" | "precommit";

/** Steps of Algorithm 1; `commit` once the height is decided. */
export type Step = "unstarted" | "propose" | "prevote" | "precommit" | "commit";

export type TimeoutStep = "propose" | "prevote" | "precommit";

export interface Vote {
  type: VoteType;
  height: number;
  round: number;
  /** `null` is the paper's `nil`. */
  valueId: ValueId | null;
  validator: Address;
}

/** A vote whose signature the host has already checked (the core never verifies signatures). */
export interface SignedVote extends Vote {
  signature: Uint8Array;
}

export interface Proposal {
  height: number;
  round: number;
  valueId: ValueId;
  /** The paper's `validRound`: -1 for a fresh value. */
  validRound: number;
  proposer: Address;
}

export interface SignedProposal extends Proposal {
  signature: Uint8Array;
}

export interface Timeout {
  height: number;
  round: number;
  step: TimeoutStep;
}

/** The state Algorithm 1 keeps per process (lines 2-8), plus the current height. */
export interface RoundState {
  height: number;
  round: number;
  step: Step;
  lockedValue: ValueId | null;
  lockedRound: number;
  validValue: ValueId | null;
  validRound: number;
  /** The decided value of this height (L49), or null.  */
  decision: ValueId | null;
}

/** Two conflicting signed votes by one validator for the same height, round and vote type. */
export interface DuplicateVoteEvidence {
  validator: Address;
  first: SignedVote;
  second: SignedVote;
}

// ---- Inputs (host → core) -------------------------------------------------------------------

export type ConsensusInput =
  | { type: "startHeight"; height: number }
  | { type: "proposal"; proposal: SignedProposal }
  | { type: "vote"; vote: SignedVote }
  | { type: "timeout"; timeout: Timeout }
  /** Answer to a `validateValue` output: the host re-executed (or failed to fetch) the block. */
  | { type: "valueValidated"; height: number; valueId: ValueId; valid: boolean }
  /** Answer to a `getValue` output: the value this proposer proposes. */
  | { type: "proposeValue"; height: number; round: number; valueId: ValueId };

// ---- Outputs (core → host), to be executed in order -------------------------------------------

export type ConsensusOutput =
  /** Write durably (fsync) BEFORE executing any later output of the same batch. */
  | { type: "persist"; entry: WalEntry }
  /** Sign the canonical bytes of the vote, broadcast it and feed it back with `process({type:"vote"})`. */
  | { type: "signVote"; vote: Vote }
  /** Sign the proposal, broadcast it and feed it back with `process({type:"proposal"})`. */
  | { type: "signProposal"; proposal: Proposal }
  | { type: "scheduleTimeout"; timeout: Timeout; durationMs: number }
  /** This process proposes at (height, round): answer with a `proposeValue` input. */
  | { type: "getValue"; height: number; round: number }
  /** Validate the block behind `valueId`: answer with a `valueValidated` input. */
  | { type: "validateValue"; height: number; round: number; valueId: ValueId }
  /** Decided (L49): commit the block; the precommits make its commit certificate. Then send `startHeight`. */
  | {
      type: "decide";
      height: number;
      round: number;
      valueId: ValueId;
      proposal: SignedProposal;
      precommits: SignedVote[];
    }
  /** A validator signed two different votes for one (height, round, type). */
  | { type: "equivocation"; evidence: DuplicateVoteEvidence }
  | { type: "roundStarted"; height: number; round: number };

// ---- Write-ahead log entries ----------------------------------------------------------------

export type WalEntry =
  /** Round state after a step change; written on every new round and with each own message. */
  | { type: "state"; state: RoundState }
  /** This validator's own vote, written before it is signed and sent. */
  | { type: "vote"; vote: Vote; state: RoundState }
  /** This validator's own proposal, written before it is signed and sent. */
  | { type: "proposal"; proposal: Proposal; state: RoundState }
  | { type: "decision"; height: number; round: number; valueId: ValueId };
