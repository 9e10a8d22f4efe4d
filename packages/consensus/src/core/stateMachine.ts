/**
 * Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon, Milosevic, arXiv:1807.04938)
 * for one height, as a pure function `applyRound(state, input) → {state, outputs}`. Line numbers
 * (`// L22`) refer to Algorithm 1 of the paper. Guards on the step live here; the "upon ... for the
 * first time" bookkeeping and the thresholds are the driver's and the vote keeper's.
 */
import type { RoundState, ValueId, VoteType } from "./types.js";

/** Deliberately unsafe behaviours, for showing that the simulator's checker catches bugs. Never set in production. */
export interface UnsafeOptions {
  /** Prevote for any valid proposal even when locked on another value (breaks L23 / L29). */
  ignoreLock?: boolean;
}

export type RoundInput =
  /** StartRound(round) (L11) — `isProposer`: proposer(h_p, round) = p (L14). */
  | { type: "newRound"; round: number; isProposer: boolean }
  /** The host's getValue() answer (L18). */
  | { type: "proposeValue"; round: number; valueId: ValueId }
  /** ⟨PROPOSAL, h, round_p, v, -1⟩ from proposer(h, round_p) (L22); `valid` is valid(v). */
  | { type: "proposal"; valueId: ValueId; valid: boolean }
  /** ⟨PROPOSAL, h, round_p, v, vr⟩ ∧ 2f+1 ⟨PREVOTE, h, vr, id(v)⟩, 0 ≤ vr < round_p (L28). */
  | { type: "proposalAndPolkaPrevious"; valueId: ValueId; validRound: number; valid: boolean }
  /** 2f+1 ⟨PREVOTE, h, round_p, *⟩ (L34). */
  | { type: "polkaAny" }
  /** ⟨PROPOSAL, h, round_p, v, *⟩ ∧ 2f+1 ⟨PREVOTE, h, round_p, id(v)⟩ ∧ valid(v) (L36). */
  | { type: "proposalAndPolkaCurrent"; valueId: ValueId }
  /** 2f+1 ⟨PREVOTE, h, round_p, nil⟩ (L44). */
  | { type: "polkaNil" }
  /** 2f+1 ⟨PRECOMMIT, h, round_p, *⟩ (L47). */
  | { type: "precommitAny" }
  /** ⟨PROPOSAL, h, r, v, *⟩ ∧ 2f+1 ⟨PRECOMMIT, h, r, id(v)⟩ ∧ valid(v), any round r (L49). */
  | { type: "proposalAndPrecommitValue"; round: number; valueId: ValueId }
  /** f+1 ⟨*, h, round, *, *⟩ with round > round_p (L55). */
  | { type: "skipRound"; round: number }
  | { type: "timeoutPropose"; round: number }
  | { type: "timeoutPrevote"; round: number }
  | { type: "timeoutPrecommit"; round: number };

export type RoundOutput =
  | { type: "newRound"; round: number }
  | { type: "getValue"; round: number }
  | { type: "propose"; round: number; valueId: ValueId; validRound: number }
  | { type: "vote"; voteType: VoteType; round: number; valueId: ValueId | null }
  | { type: "scheduleTimeout"; round: number; step: "propose" | "prevote" | "precommit" }
  | { type: "decide"; round: number; valueId: ValueId };

export interface RoundTransition {
  state: RoundState;
  outputs: RoundOutput[];
}

/** Initial state for a height (L2-8, L10: reset before StartRound(0)). */
export function createRoundState(height: number): RoundState {
  return {
    height,
    round: -1,
    step: "unstarted",
    lockedValue: null,
    lockedRound: -1,
    validValue: null,
    validRound: -1,
    decision: null,
  };
}

const unchanged = (state: RoundState): RoundTransition => ({ state, outputs: [] });

export function applyRound(state: RoundState, input: RoundInput, unsafe: UnsafeOptions = {}): RoundTransition {
  if (state.step === "commit") return unchanged(state); // decided: nothing moves until the next height
  switch (input.type) {
    case "newRound":
      return startRound(state, input.round, input.isProposer);
    case "proposeValue":
      // L19: proposal ← getValue(); L19 broadcast ⟨PROPOSAL, h_p, round_p, proposal, validRound_p⟩ (validRound_p = -1 here)
      if (input.round !== state.round || state.step !== "propose") return unchanged(state);
      return { state, outputs: [{ type: "propose", round: state.round, valueId: input.valueId, validRound: -1 }] };
    case "proposal": {
      // L22: upon ⟨PROPOSAL, h_p, round_p, v, -1⟩ from proposer(h_p, round_p) while step_p = propose
      if (state.step !== "propose") return unchanged(state);
      // L23: if valid(v) ∧ (lockedRound_p = -1 ∨ lockedValue_p = v)
      const accept = input.valid && (state.lockedRound === -1 || state.lockedValue === input.valueId || unsafe.ignoreLock === true);
      return prevote(state, accept ? input.valueId : null); // L24 / L26, L27
    }
    case "proposalAndPolkaPrevious": {
      // L28: upon ⟨PROPOSAL, h_p, round_p, v, vr⟩ ∧ 2f+1 ⟨PREVOTE, h_p, vr, id(v)⟩ while step_p = propose ∧ (vr ≥ 0 ∧ vr < round_p)
      if (state.step !== "propose" || input.validRound < 0 || input.validRound >= state.round) return unchanged(state);
      // L29: if valid(v) ∧ (lockedRound_p ≤ vr ∨ lockedValue_p = v)
      const accept =
        input.valid && (state.lockedRound <= input.validRound || state.lockedValue === input.valueId || unsafe.ignoreLock === true);
      return prevote(state, accept ? input.valueId : null); // L30 / L32, L33
    }
    case "polkaAny":
      // L34: upon 2f+1 ⟨PREVOTE, h_p, round_p, *⟩ while step_p = prevote for the first time
      if (state.step !== "prevote") return unchanged(state);
      // L35: schedule OnTimeoutPrevote(h_p, round_p) to be executed after timeoutPrevote(round_p)
      return { state, outputs: [{ type: "scheduleTimeout", round: state.round, step: "prevote" }] };
    case "proposalAndPolkaCurrent": {
      // L36: upon ⟨PROPOSAL, h_p, round_p, v, *⟩ ∧ 2f+1 ⟨PREVOTE, h_p, round_p, id(v)⟩ while valid(v) ∧ step_p ≥ prevote for the first time
      if (state.step !== "prevote" && state.step !== "precommit") return unchanged(state);
      // L42-43: validValue_p ← v; validRound_p ← round_p
      const next: RoundState = { ...state, validValue: input.valueId, validRound: state.round };
      if (state.step === "prevote") {
        // L38-41: lockedValue_p ← v; lockedRound_p ← round_p; broadcast ⟨PRECOMMIT, h_p, round_p, id(v)⟩; step_p ← precommit
        return precommit({ ...next, lockedValue: input.valueId, lockedRound: state.round }, input.valueId);
      }
      return { state: next, outputs: [] };
    }
    case "polkaNil":
      // L44: upon 2f+1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote
      if (state.step !== "prevote") return unchanged(state);
      return precommit(state, null); // L45-46
    case "precommitAny":
      // L47: upon 2f+1 ⟨PRECOMMIT, h_p, round_p, *⟩ for the first time
      // L48: schedule OnTimeoutPrecommit(h_p, round_p) to be executed after timeoutPrecommit(round_p)
      return { state, outputs: [{ type: "scheduleTimeout", round: state.round, step: "precommit" }] };
    case "proposalAndPrecommitValue":
      // L49: upon ⟨PROPOSAL, h_p, r, v, *⟩ ∧ 2f+1 ⟨PRECOMMIT, h_p, r, id(v)⟩ while decision_p[h_p] = nil
      // L50-51: if valid(v): decision_p[h_p] = v (L52-54: the host commits and starts h_p + 1)
      return {
        state: { ...state, step: "commit", decision: input.valueId },
        outputs: [{ type: "decide", round: input.round, valueId: input.valueId }],
      };
    case "skipRound":
      // L55: upon f+1 ⟨*, h_p, round, *, *⟩ with round > round_p — L56: StartRound(round)
      if (input.round <= state.round) return unchanged(state);
      return { state, outputs: [{ type: "newRound", round: input.round }] };
    case "timeoutPropose":
      // L57: OnTimeoutPropose(h_p, round): if h_p = h ∧ round = round_p ∧ step_p = propose
      if (input.round !== state.round || state.step !== "propose") return unchanged(state);
      return prevote(state, null); // L59-60
    case "timeoutPrevote":
      // L61: OnTimeoutPrevote(h_p, round): if h_p = h ∧ round = round_p ∧ step_p = prevote
      if (input.round !== state.round || state.step !== "prevote") return unchanged(state);
      return precommit(state, null); // L63-64
    case "timeoutPrecommit":
      // L65: OnTimeoutPrecommit(h_p, round): if h_p = h ∧ round = round_p — L67: StartRound(round_p + 1)
      if (input.round !== state.round) return unchanged(state);
      return { state, outputs: [{ type: "newRound", round: state.round + 1 }] };
  }
}

function startRound(state: RoundState, round: number, isProposer: boolean): RoundTransition {
  if (round <= state.round) return unchanged(state);
  // L12-13: round_p ← round; step_p ← propose
  const next: RoundState = { ...state, round, step: "propose" };
  const outputs: RoundOutput[] = [];
  if (isProposer) {
    // L14-19: if validValue_p ≠ nil: proposal ← validValue_p, else proposal ← getValue()
    if (next.validValue !== null) {
      outputs.push({ type: "propose", round, valueId: next.validValue, validRound: next.validRound });
    } else {
      outputs.push({ type: "getValue", round });
    }
  }
  // L21: schedule OnTimeoutPropose(h_p, round_p) after timeoutPropose(round_p). The paper does this only for
  // non-proposers; like CometBFT we also do it for the proposer, so a host that never answers getValue
  // cannot stall it (a timeout only leads to a nil prevote, which is always safe).
  outputs.push({ type: "scheduleTimeout", round, step: "propose" });
  return { state: next, outputs };
}

function prevote(state: RoundState, valueId: ValueId | null): RoundTransition {
  return {
    state: { ...state, step: "prevote" },
    outputs: [{ type: "vote", voteType: "prevote", round: state.round, valueId }],
  };
}

function precommit(state: RoundState, valueId: ValueId | null): RoundTransition {
  return {
    state: { ...state, step: "precommit" },
    outputs: [{ type: "vote", voteType: "precommit", round: state.round, valueId }],
  };
}
