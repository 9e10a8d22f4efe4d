// The double-sign guard: what this validator signed per (height, round, vote type), rebuilt from the WAL.
import type { ValueId, Vote, VoteType } from "./types.js";

export type SignCheck = "sign" | "alreadySigned" | "conflict";

/**
 * The double-sign guard: remembers what this validator signed per (height, round, vote type) and refuses
 * a different value for a slot already signed. Rebuilt from the WAL on restart.
 */
export class SignGuard {
  private readonly signed = new Map<string, ValueId | null>();

  private static key(height: number, round: number, type: VoteType | "proposal"): string {
    return `${height}/${round}/${type}`;
  }

  check(vote: Vote): SignCheck {
    const key = SignGuard.key(vote.height, vote.round, vote.type);
    if (!this.signed.has(key)) return "sign";
    return this.signed.get(key) === vote.valueId ? "alreadySigned" : "conflict";
  }

  /** Records a vote; returns false (and records nothing) if it conflicts with an earlier one. */
  record(vote: Vote): boolean {
    const c = this.check(vote);
    if (c === "conflict") return false;
    this.signed.set(SignGuard.key(vote.height, vote.round, vote.type), vote.valueId);
    return true;
  }

  checkProposal(height: number, round: number, valueId: ValueId): SignCheck {
    const key = SignGuard.key(height, round, "proposal");
    if (!this.signed.has(key)) return "sign";
    return this.signed.get(key) === valueId ? "alreadySigned" : "conflict";
  }

  recordProposal(height: number, round: number, valueId: ValueId): boolean {
    if (this.checkProposal(height, round, valueId) === "conflict") return false;
    this.signed.set(SignGuard.key(height, round, "proposal"), valueId);
    return true;
  }

  /** Forgets heights below `height` (they are committed). */
  pruneBelow(height: number): void {
    for (const key of this.signed.keys()) {
      if (Number(key.slice(0, key.indexOf("/"))) < height) this.signed.delete(key);
    }
  }
}
