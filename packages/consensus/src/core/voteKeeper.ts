// Tallies one height's votes by round, type and value, and reports thresholds and equivocations.
import type { Address, DuplicateVoteEvidence, SignedVote, ValueId, VoteType } from "./types.js";
import type { ValidatorSet } from "./validatorSet.js";

/** Key of a value in the tallies: the value id, or NIL_KEY for the paper's `nil`. */
const NIL_KEY = "\u0000nil";

/** A threshold first crossed by the vote just added. */
export type VoteKeeperEvent =
  /** 2f+1 prevotes for one value in `round` (a polka, L36 / L28). */
  | { type: "polkaValue"; round: number; valueId: ValueId }
  /** 2f+1 prevotes for nil (L44). */
  | { type: "polkaNil"; round: number }
  /** 2f+1 prevotes of any kind (L34). */
  | { type: "polkaAny"; round: number }
  /** 2f+1 precommits for one value (L49). */
  | { type: "precommitValue"; round: number; valueId: ValueId }
  /** 2f+1 precommits of any kind (L47). */
  | { type: "precommitAny"; round: number }
  /** f+1 voting power sent messages in `round` (L55). */
  | { type: "skipRound"; round: number }
  | { type: "equivocation"; evidence: DuplicateVoteEvidence };

export type AddVoteResult = { status: "added"; events: VoteKeeperEvent[] } | { status: "duplicate" | "ignored" };

class VoteTally {
  /** First vote of each validator (counts once toward the "any" total). */
  readonly votes = new Map<Address, SignedVote>();
  /** Votes per value: an equivocating validator counts toward each value it signed (see addVote). */
  readonly votesByValue = new Map<string, Map<Address, SignedVote>>();
  readonly powerByValue = new Map<string, number>();
  /** Distinct values per validator, to bound what an equivocator can make us store. */
  readonly valuesPerValidator = new Map<Address, number>();
  total = 0;
}

/**
 * At most this many different values per validator per (round, type) are counted. Two already prove an
 * equivocation; more are still counted because a node that dropped the one a polka needs could never
 * check that polka (L28), while every other node relies on it — in the simulator an equivocator that votes
 * for everything reaches 4-5 values per slot. The cap only bounds memory against a flooding validator.
 */
const MAX_VALUES_PER_VALIDATOR = 16;

class RoundVotes {
  readonly prevotes = new VoteTally();
  readonly precommits = new VoteTally();
  /** Validators that sent any vote in this round, for the f+1 round-skip rule (L55). */
  readonly senders = new Set<Address>();
  senderPower = 0;
}

/**
 * Counts voting power per (round, vote type, value) for one height. Only the first vote of a validator
 * for a (round, type) counts; a different second one is an equivocation and is reported, not counted.
 */
export class VoteKeeper {
  readonly height: number;
  private readonly set: ValidatorSet;
  private readonly rounds = new Map<number, RoundVotes>();

  constructor(height: number, set: ValidatorSet) {
    this.height = height;
    this.set = set;
  }

  addVote(vote: SignedVote): AddVoteResult {
    if (vote.height !== this.height) return { status: "ignored" };
    if (!Number.isSafeInteger(vote.round) || vote.round < 0) return { status: "ignored" };
    const power = this.set.getPower(vote.validator);
    if (power === 0) return { status: "ignored" };
    let rv = this.rounds.get(vote.round);
    if (rv === undefined) {
      rv = new RoundVotes();
      this.rounds.set(vote.round, rv);
    }
    const tally = vote.type === "prevote" ? rv.prevotes : rv.precommits;
    const key = vote.valueId ?? NIL_KEY;
    const byValue = tally.votesByValue.get(key) ?? new Map<Address, SignedVote>();
    if (byValue.has(vote.validator)) return { status: "duplicate" };
    const events: VoteKeeperEvent[] = [];
    const existing = tally.votes.get(vote.validator);
    if (existing !== undefined) {
      // Equivocation. The second vote still counts toward its own value: two quorums for different values
      // intersect in more than 1/3 of the power, so with less than 1/3 faulty this stays safe, and it keeps
      // nodes that first heard the "wrong" half of an equivocation from getting stuck (as CometBFT's
      // per-block vote sets do).
      events.push({ type: "equivocation", evidence: { validator: vote.validator, first: existing, second: vote } });
      const count = tally.valuesPerValidator.get(vote.validator) ?? 1;
      if (count >= MAX_VALUES_PER_VALIDATOR) return { status: "added", events };
      tally.valuesPerValidator.set(vote.validator, count + 1);
    } else {
      tally.votes.set(vote.validator, vote);
    }
    byValue.set(vote.validator, vote);
    tally.votesByValue.set(key, byValue);
    const before = tally.powerByValue.get(key) ?? 0;
    tally.powerByValue.set(key, before + power);
    if (!this.set.isQuorum(before) && this.set.isQuorum(before + power)) {
      if (vote.type === "prevote") {
        events.push(
          vote.valueId === null
            ? { type: "polkaNil", round: vote.round }
            : { type: "polkaValue", round: vote.round, valueId: vote.valueId },
        );
      } else if (vote.valueId !== null) {
        events.push({ type: "precommitValue", round: vote.round, valueId: vote.valueId });
      }
    }
    if (existing !== undefined) return { status: "added", events };
    const totalBefore = tally.total;
    tally.total += power;
    if (!this.set.isQuorum(totalBefore) && this.set.isQuorum(tally.total)) {
      events.push({ type: vote.type === "prevote" ? "polkaAny" : "precommitAny", round: vote.round });
    }
    if (!rv.senders.has(vote.validator)) {
      const senderBefore = rv.senderPower;
      rv.senders.add(vote.validator);
      rv.senderPower += power;
      if (!this.set.isOneThird(senderBefore) && this.set.isOneThird(rv.senderPower)) {
        events.push({ type: "skipRound", round: vote.round });
      }
    }
    return { status: "added", events };
  }

  private tally(round: number, type: VoteType): VoteTally | undefined {
    const rv = this.rounds.get(round);
    return rv === undefined ? undefined : type === "prevote" ? rv.prevotes : rv.precommits;
  }

  /** Voting power of `type` votes for `valueId` (null: nil) in `round`. */
  getPower(round: number, type: VoteType, valueId: ValueId | null): number {
    return this.tally(round, type)?.powerByValue.get(valueId ?? NIL_KEY) ?? 0;
  }

  /** 2f+1 `type` votes for exactly `valueId` (null: nil) in `round`. */
  hasQuorumFor(round: number, type: VoteType, valueId: ValueId | null): boolean {
    return this.set.isQuorum(this.getPower(round, type, valueId));
  }

  /** 2f+1 `type` votes of any kind in `round`. */
  hasQuorumAny(round: number, type: VoteType): boolean {
    return this.set.isQuorum(this.tally(round, type)?.total ?? 0);
  }

  /** The value (not nil) with 2f+1 `type` votes in `round`, if any (there is at most one). */
  getQuorumValue(round: number, type: VoteType): ValueId | null {
    const tally = this.tally(round, type);
    if (tally === undefined) return null;
    for (const [key, power] of tally.powerByValue) {
      if (key !== NIL_KEY && this.set.isQuorum(power)) return key;
    }
    return null;
  }

  /** Highest round above `round` in which f+1 voting power sent votes (L55), or -1. */
  getSkipRound(round: number): number {
    let best = -1;
    for (const [r, rv] of this.rounds) {
      if (r > round && r > best && this.set.isOneThird(rv.senderPower)) best = r;
    }
    return best;
  }

  /** Rounds with any vote (ascending). */
  getRounds(): number[] {
    return [...this.rounds.keys()].sort((a, b) => a - b);
  }

  /** The counted `type` votes for `valueId` in `round` (the precommits of a commit certificate). */
  getVotes(round: number, type: VoteType, valueId: ValueId | null): SignedVote[] {
    const tally = this.tally(round, type);
    return [...(tally?.votesByValue.get(valueId ?? NIL_KEY)?.values() ?? [])];
  }

  /** Every counted vote of this height, equivocations included (for re-gossip). */
  getAllVotes(): SignedVote[] {
    const out: SignedVote[] = [];
    for (const r of this.getRounds()) {
      const rv = this.rounds.get(r);
      if (rv === undefined) continue;
      for (const tally of [rv.prevotes, rv.precommits]) {
        for (const byValue of tally.votesByValue.values()) out.push(...byValue.values());
      }
    }
    return out;
  }
}
