// Who proposes at (height, round): CometBFT's weighted round-robin over the validator set.
import type { Address } from "./types.js";
import type { ValidatorSet } from "./validatorSet.js";

/**
 * Weighted round-robin proposer selection as in CometBFT (`types/validator_set.go`): each step every
 * validator's priority grows by its voting power, the one with the highest priority (ties: lowest
 * address) proposes and its priority drops by the total power. Over `totalPower` steps each validator
 * proposes `votingPower` times. The priority state advances one step per height and, within a height,
 * one more step per round, so proposer(h, r) = step (h - initialHeight + r) from the initial state.
 */
export class ProposerSelector {
  private readonly set: ValidatorSet;
  private readonly initialHeight: number;
  /** Priorities at the start of `cachedHeight` (before its round-0 step). */
  private cachedHeight: number;
  private cachedPriorities: number[];
  private readonly memo = new Map<string, Address>();

  constructor(set: ValidatorSet, initialHeight = 1) {
    this.set = set;
    this.initialHeight = initialHeight;
    this.cachedHeight = initialHeight;
    this.cachedPriorities = set.validators.map(() => 0);
  }

  getProposer(height: number, round: number): Address {
    const key = `${height}/${round}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) return hit;
    if (height < this.initialHeight) throw new RangeError(`height ${height} below initial height`);
    if (height < this.cachedHeight) {
      this.cachedHeight = this.initialHeight;
      this.cachedPriorities = this.set.validators.map(() => 0);
    }
    while (this.cachedHeight < height) {
      this.step(this.cachedPriorities);
      this.cachedHeight++;
    }
    const priorities = [...this.cachedPriorities];
    let proposer = this.step(priorities);
    for (let r = 0; r < round; r++) proposer = this.step(priorities);
    if (this.memo.size > 4096) this.memo.clear(); // bounded cache: a height rarely needs many rounds
    this.memo.set(key, proposer);
    return proposer;
  }

  /** One CometBFT `IncrementProposerPriority(1)` step; returns the chosen proposer. */
  private step(priorities: number[]): Address {
    const validators = this.set.validators;
    let best = -1;
    for (let i = 0; i < validators.length; i++) {
      priorities[i] = (priorities[i] ?? 0) + (validators[i]?.votingPower ?? 0);
      if (best < 0) {
        best = i;
        continue;
      }
      const p = priorities[i] ?? 0;
      const bp = priorities[best] ?? 0;
      if (p > bp || (p === bp && (validators[i]?.address ?? "") < (validators[best]?.address ?? ""))) best = i;
    }
    priorities[best] = (priorities[best] ?? 0) - this.set.totalPower;
    return validators[best]?.address ?? "";
  }
}
