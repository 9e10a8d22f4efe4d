// The validator set: members, voting power and the 2/3 and 1/3 thresholds.
import type { Address } from "./types.js";

export interface Validator {
  address: Address;
  votingPower: number;
  /** BLS12-381 public key (48 bytes, compressed G1); the core never reads it. */
  publicKey?: Uint8Array;
}

/**
 * An ordered validator set. The order is the signer-bitmap order of commit certificates.
 * Thresholds are on voting power: a quorum is more than 2/3 of the total (the paper's 2f+1), a
 * "skip" threshold more than 1/3 (the paper's f+1).
 */
export class ValidatorSet {
  readonly validators: readonly Validator[];
  readonly totalPower: number;
  private readonly indexByAddress: Map<Address, number>;

  constructor(validators: readonly Validator[]) {
    if (validators.length === 0) throw new RangeError("validator set is empty");
    const index = new Map<Address, number>();
    let total = 0;
    validators.forEach((v, i) => {
      if (!Number.isSafeInteger(v.votingPower) || v.votingPower <= 0) {
        throw new RangeError(`validator ${v.address}: voting power must be a positive integer`);
      }
      if (index.has(v.address)) throw new RangeError(`validator ${v.address} appears twice`);
      index.set(v.address, i);
      total += v.votingPower;
    });
    if (!Number.isSafeInteger(total * 3)) throw new RangeError("total voting power too large");
    this.validators = validators;
    this.totalPower = total;
    this.indexByAddress = index;
  }

  get size(): number {
    return this.validators.length;
  }

  indexOf(address: Address): number {
    return this.indexByAddress.get(address) ?? -1;
  }

  getPower(address: Address): number {
    const i = this.indexByAddress.get(address);
    return i === undefined ? 0 : (this.validators[i]?.votingPower ?? 0);
  }

  has(address: Address): boolean {
    return this.indexByAddress.has(address);
  }

  /** More than 2/3 of the total voting power (2f+1 with n = 3f+1 equal validators). */
  isQuorum(power: number): boolean {
    return 3 * power > 2 * this.totalPower;
  }

  /** More than 1/3 of the total voting power (f+1): at least one honest validator. */
  isOneThird(power: number): boolean {
    return 3 * power > this.totalPower;
  }
}
