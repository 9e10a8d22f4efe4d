/**
 * The driver: turns host inputs and vote-keeper thresholds into state-machine steps (`applyRound`) and
 * state-machine outputs into host effects (persist, sign, broadcast, timeouts, decide). Deterministic and
 * synchronous: the same inputs in the same order give the same outputs.
 */
import { ProposerSelector } from "./proposer.js";
import { SignGuard } from "./signGuard.js";
import { applyRound, createRoundState, type RoundInput, type RoundOutput, type UnsafeOptions } from "./stateMachine.js";
import { DEFAULT_TIMEOUTS, getTimeoutDuration, type TimeoutConfig } from "./timeouts.js";
import type { Address, ConsensusInput, ConsensusOutput, Proposal, RoundState, SignedProposal, ValueId, Vote, WalEntry } from "./types.js";
import type { ValidatorSet } from "./validatorSet.js";
import { VoteKeeper } from "./voteKeeper.js";

export interface DriverOpts {
  /** This validator's address; `null` runs an observer that follows but never signs. */
  address: Address | null;
  validatorSet: ValidatorSet;
  /** First height of the chain (proposer rotation starts there). Default 1. */
  initialHeight?: number;
  timeouts?: TimeoutConfig;
  /** Test-only faults injected into the state machine (see `UnsafeOptions`). */
  unsafe?: UnsafeOptions;
  /**
   * Heights up to this one are followed without signing (as an observer): the WAL lost its tail, so
   * this validator may already have signed there and no longer knows what. Default 0 (none).
   */
  noSignUpTo?: number;
}

/** "for the first time" bookkeeping of the current round (L34, L36, L47). */
interface RoundFlags {
  l34: boolean;
  l36: boolean;
  l47: boolean;
}

const newFlags = (): RoundFlags => ({ l34: false, l36: false, l47: false });

export class Driver {
  readonly address: Address | null;
  readonly validatorSet: ValidatorSet;
  private readonly timeouts: TimeoutConfig;
  private readonly unsafe: UnsafeOptions;
  private readonly noSignUpTo: number;
  private readonly proposers: ProposerSelector;
  private roundState: RoundState;
  private keeper: VoteKeeper;
  /** Proposals of this height by round, in arrival order, one per value id. */
  private proposals = new Map<number, SignedProposal[]>();
  private validity = new Map<ValueId, boolean>();
  private validationRequested = new Set<ValueId>();
  private flags = newFlags();
  private guard = new SignGuard();

  constructor(opts: DriverOpts) {
    this.address = opts.address;
    this.validatorSet = opts.validatorSet;
    this.timeouts = opts.timeouts ?? DEFAULT_TIMEOUTS;
    this.unsafe = opts.unsafe ?? {};
    this.noSignUpTo = opts.noSignUpTo ?? 0;
    this.proposers = new ProposerSelector(opts.validatorSet, opts.initialHeight ?? 1);
    this.roundState = createRoundState(0);
    this.keeper = new VoteKeeper(0, opts.validatorSet);
  }

  /**
   * Rebuilds a driver from its WAL for `height` (the host's last committed height + 1): round, step,
   * lock and valid value resume from the last recorded state, and every vote or proposal this validator
   * already signed at that height is re-emitted unchanged (it may not have left before the crash) and
   * guarded, so no conflicting one can be signed. Returns the outputs to execute, like `process`.
   */
  static restore(opts: DriverOpts, entries: readonly WalEntry[], height: number): { driver: Driver; outputs: ConsensusOutput[] } {
    const driver = new Driver(opts);
    let last: RoundState | null = null;
    const own: ConsensusOutput[] = [];
    for (const entry of entries) {
      if (entry.type === "decision") continue;
      if (entry.state.height !== height) continue;
      last = entry.state;
      if (entry.type === "vote") {
        if (driver.guard.record(entry.vote)) own.push({ type: "signVote", vote: entry.vote });
      } else if (entry.type === "proposal") {
        const p = entry.proposal;
        if (driver.guard.recordProposal(p.height, p.round, p.valueId)) {
          driver.validity.set(p.valueId, true);
          own.push({ type: "signProposal", proposal: p });
        }
      }
    }
    if (last === null) return { driver, outputs: driver.process({ type: "startHeight", height }) };
    driver.roundState = { ...last, decision: null, step: last.step === "commit" ? "precommit" : last.step };
    driver.keeper = new VoteKeeper(height, driver.validatorSet);
    const { round, step } = driver.roundState;
    const outputs: ConsensusOutput[] = [{ type: "roundStarted", height, round }, ...own];
    if (step === "propose" || step === "prevote" || step === "precommit") {
      const timeout = { height, round, step } as const;
      outputs.push({ type: "scheduleTimeout", timeout, durationMs: getTimeoutDuration(driver.timeouts, step, round) });
    }
    return { driver, outputs };
  }

  get state(): Readonly<RoundState> {
    return this.roundState;
  }

  get height(): number {
    return this.roundState.height;
  }

  getProposer(height: number, round: number): Address {
    return this.proposers.getProposer(height, round);
  }

  /** Proposals and votes received at the current height (what a peer lagging in rounds needs). */
  getMessages(): { proposals: SignedProposal[]; votes: ReturnType<VoteKeeper["getAllVotes"]> } {
    return { proposals: [...this.proposals.values()].flat(), votes: this.keeper.getAllVotes() };
  }

  process(input: ConsensusInput): ConsensusOutput[] {
    const out: ConsensusOutput[] = [];
    const state = this.roundState;
    switch (input.type) {
      case "startHeight": {
        if (input.height <= state.height && state.step !== "unstarted") return out;
        this.resetHeight(input.height);
        this.step({ type: "newRound", round: 0, isProposer: this.isProposer(input.height, 0) }, out); // L10: StartRound(0)
        break;
      }
      case "proposal": {
        const p = input.proposal;
        if (p.height !== state.height || state.step === "unstarted") return out;
        if (!Number.isSafeInteger(p.round) || p.round < 0 || !Number.isSafeInteger(p.validRound)) return out;
        if (p.validRound < -1 || p.validRound >= p.round) return out;
        if (p.proposer !== this.proposers.getProposer(p.height, p.round)) return out;
        const list = this.proposals.get(p.round) ?? [];
        if (list.some((q) => q.valueId === p.valueId)) return out;
        list.push(p);
        this.proposals.set(p.round, list);
        if (!this.validity.has(p.valueId) && !this.validationRequested.has(p.valueId)) {
          this.validationRequested.add(p.valueId);
          out.push({ type: "validateValue", height: p.height, round: p.round, valueId: p.valueId });
        }
        break;
      }
      case "vote": {
        if (input.vote.height !== state.height || state.step === "unstarted") return out;
        const result = this.keeper.addVote(input.vote);
        if (result.status !== "added") return out;
        for (const e of result.events) if (e.type === "equivocation") out.push({ type: "equivocation", evidence: e.evidence });
        break;
      }
      case "timeout": {
        const t = input.timeout;
        if (t.height !== state.height) return out;
        const type = t.step === "propose" ? "timeoutPropose" : t.step === "prevote" ? "timeoutPrevote" : "timeoutPrecommit";
        this.step({ type, round: t.round }, out);
        break;
      }
      case "valueValidated": {
        if (input.height !== state.height) return out;
        if (!this.validity.has(input.valueId)) this.validity.set(input.valueId, input.valid);
        break;
      }
      case "proposeValue": {
        if (input.height !== state.height) return out;
        this.validity.set(input.valueId, true); // our own value: the host built it
        this.step({ type: "proposeValue", round: input.round, valueId: input.valueId }, out);
        break;
      }
    }
    this.evaluate(out);
    return out;
  }

  private resetHeight(height: number): void {
    this.roundState = createRoundState(height);
    this.keeper = new VoteKeeper(height, this.validatorSet);
    this.proposals = new Map();
    this.validity = new Map();
    this.validationRequested = new Set();
    this.flags = newFlags();
    this.guard.pruneBelow(height);
  }

  private isProposer(height: number, round: number): boolean {
    return this.address !== null && this.proposers.getProposer(height, round) === this.address;
  }

  private findProposal(round: number, valueId: ValueId): SignedProposal | undefined {
    return this.proposals.get(round)?.find((p) => p.valueId === valueId);
  }

  /** Applies every enabled "upon" rule until none is (a fixpoint). */
  private evaluate(out: ConsensusOutput[]): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const input = this.nextRule();
      if (input === null) return;
      this.step(input, out);
    }
    throw new Error("consensus driver did not reach a fixpoint"); // a bug, never input-dependent
  }

  private nextRule(): RoundInput | null {
    const s = this.roundState;
    if (s.step === "commit" || s.step === "unstarted") return null;
    const keeper = this.keeper;
    // L49: a proposal and 2f+1 precommits for its value in any round r decide.
    for (const r of keeper.getRounds()) {
      const v = keeper.getQuorumValue(r, "precommit");
      if (v !== null && this.findProposal(r, v) !== undefined && this.validity.get(v) === true) {
        return { type: "proposalAndPrecommitValue", round: r, valueId: v };
      }
    }
    // L55: f+1 voting power in a higher round.
    const skip = keeper.getSkipRound(s.round);
    if (skip > s.round) return { type: "skipRound", round: skip };
    const round = s.round;
    if (s.step === "propose") {
      for (const p of this.proposals.get(round) ?? []) {
        const valid = this.validity.get(p.valueId);
        if (valid === undefined) continue; // waiting for the host's validation
        if (p.validRound === -1) return { type: "proposal", valueId: p.valueId, valid }; // L22
        if (keeper.hasQuorumFor(p.validRound, "prevote", p.valueId)) {
          return { type: "proposalAndPolkaPrevious", valueId: p.valueId, validRound: p.validRound, valid }; // L28
        }
      }
    }
    if ((s.step === "prevote" || s.step === "precommit") && !this.flags.l36) {
      const v = keeper.getQuorumValue(round, "prevote");
      if (v !== null && this.findProposal(round, v) !== undefined && this.validity.get(v) === true) {
        this.flags.l36 = true;
        return { type: "proposalAndPolkaCurrent", valueId: v }; // L36
      }
    }
    if (s.step === "prevote") {
      if (keeper.hasQuorumFor(round, "prevote", null)) return { type: "polkaNil" }; // L44
      if (!this.flags.l34 && keeper.hasQuorumAny(round, "prevote")) {
        this.flags.l34 = true;
        return { type: "polkaAny" }; // L34
      }
    }
    if (!this.flags.l47 && keeper.hasQuorumAny(round, "precommit")) {
      this.flags.l47 = true;
      return { type: "precommitAny" }; // L47
    }
    return null;
  }

  private step(input: RoundInput, out: ConsensusOutput[]): void {
    const previousRound = this.roundState.round;
    const { state, outputs } = applyRound(this.roundState, input, this.unsafe);
    this.roundState = state;
    if (state.round !== previousRound) {
      this.flags = newFlags();
      out.push({ type: "persist", entry: { type: "state", state: { ...state } } });
      out.push({ type: "roundStarted", height: state.height, round: state.round });
    }
    for (const o of outputs) this.emit(o, out);
  }

  private emit(o: RoundOutput, out: ConsensusOutput[]): void {
    const s = this.roundState;
    const height = s.height;
    switch (o.type) {
      case "newRound":
        this.step({ type: "newRound", round: o.round, isProposer: this.isProposer(height, o.round) }, out);
        return;
      case "getValue":
        out.push({ type: "getValue", height, round: o.round });
        return;
      case "propose": {
        if (this.address === null || height <= this.noSignUpTo) return;
        if (!this.guard.recordProposal(height, o.round, o.valueId)) return; // never two proposals per round
        const proposal: Proposal = { height, round: o.round, valueId: o.valueId, validRound: o.validRound, proposer: this.address };
        this.validity.set(o.valueId, true);
        out.push({ type: "persist", entry: { type: "proposal", proposal, state: { ...s } } });
        out.push({ type: "signProposal", proposal });
        return;
      }
      case "vote": {
        if (this.address === null || !this.validatorSet.has(this.address) || height <= this.noSignUpTo) return;
        const vote: Vote = { type: o.voteType, height, round: o.round, valueId: o.valueId, validator: this.address };
        const check = this.guard.check(vote);
        if (check !== "sign") return; // the double-sign guard: a slot is signed once
        this.guard.record(vote);
        out.push({ type: "persist", entry: { type: "vote", vote, state: { ...s } } });
        out.push({ type: "signVote", vote });
        return;
      }
      case "scheduleTimeout": {
        const timeout = { height, round: o.round, step: o.step };
        out.push({ type: "scheduleTimeout", timeout, durationMs: getTimeoutDuration(this.timeouts, o.step, o.round) });
        return;
      }
      case "decide": {
        const proposal = this.findProposal(o.round, o.valueId);
        if (proposal === undefined) return; // unreachable: L49 requires the proposal
        const precommits = this.keeper.getVotes(o.round, "precommit", o.valueId);
        out.push({ type: "persist", entry: { type: "decision", height, round: o.round, valueId: o.valueId } });
        out.push({ type: "decide", height, round: o.round, valueId: o.valueId, proposal, precommits });
        return;
      }
    }
  }
}
