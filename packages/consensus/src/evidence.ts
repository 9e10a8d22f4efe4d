// Duplicate-vote evidence: checking it, and the pool that keeps it for RPC.
import type { Address, DuplicateVoteEvidence } from "./core/types.js";
import type { ValidatorSet } from "./core/validatorSet.js";
import { verifyVoteSignature } from "./crypto/signing.js";
import type { VerifyResult } from "./errors.js";
import type { BlsBackend } from "./interface.js";

/** Checks duplicate-vote evidence on its own: same validator, height, round and type, two values, two good signatures. */
export function verifyDuplicateVoteEvidence(
  backend: BlsBackend,
  chainId: bigint,
  set: ValidatorSet,
  evidence: DuplicateVoteEvidence,
): VerifyResult {
  const { first: a, second: b, validator } = evidence;
  if (a.validator !== validator || b.validator !== validator)
    return { status: "invalid", reason: "votes are not by the accused validator" };
  if (a.height !== b.height || a.round !== b.round || a.type !== b.type)
    return { status: "invalid", reason: "votes are for different slots" };
  if (a.valueId === b.valueId) return { status: "invalid", reason: "votes do not conflict" };
  const i = set.indexOf(validator);
  const publicKey = set.validators[i]?.publicKey;
  if (publicKey === undefined) return { status: "invalid", reason: "unknown validator or no public key" };
  if (!verifyVoteSignature(backend, chainId, publicKey, a)) return { status: "invalid", reason: "first signature does not verify" };
  if (!verifyVoteSignature(backend, chainId, publicKey, b)) return { status: "invalid", reason: "second signature does not verify" };
  return { status: "valid" };
}

export interface EvidencePoolOpts {
  chainId: bigint;
  /** Validator set at a height (evidence is checked against the set that was voting then). */
  getValidatorSet: (height: number) => ValidatorSet | undefined;
  /** Maximum number of records kept; the oldest heights are dropped first. Default 10,000. */
  maxSize?: number;
}

export interface EvidencePoolModules {
  bls: BlsBackend;
}

export type AddEvidenceResult = { status: "added" } | { status: "duplicate" } | { status: "invalid"; reason: string };

/** Verified duplicate-vote evidence, one record per (validator, height, round, type); the node serves it over RPC. */
export class EvidencePool {
  private readonly opts: EvidencePoolOpts;
  private readonly bls: BlsBackend;
  private readonly records = new Map<string, DuplicateVoteEvidence>();

  constructor(opts: EvidencePoolOpts, modules: EvidencePoolModules) {
    this.opts = opts;
    this.bls = modules.bls;
  }

  add(evidence: DuplicateVoteEvidence): AddEvidenceResult {
    const v = evidence.first;
    const key = `${evidence.validator}/${v.height}/${v.round}/${v.type}`;
    if (this.records.has(key)) return { status: "duplicate" };
    const set = this.opts.getValidatorSet(v.height);
    if (set === undefined) return { status: "invalid", reason: "no validator set for that height" };
    const result = verifyDuplicateVoteEvidence(this.bls, this.opts.chainId, set, evidence);
    if (result.status === "invalid") return result;
    this.records.set(key, evidence);
    const max = this.opts.maxSize ?? 10_000;
    if (this.records.size > max) {
      const oldest = [...this.records.entries()].sort((x, y) => x[1].first.height - y[1].first.height)[0];
      if (oldest !== undefined) this.records.delete(oldest[0]);
    }
    return { status: "added" };
  }

  /** Every record, ordered by height, round, validator. */
  list(): DuplicateVoteEvidence[] {
    return [...this.records.values()].sort(
      (x, y) => x.first.height - y.first.height || x.first.round - y.first.round || x.validator.localeCompare(y.validator),
    );
  }

  listByValidator(validator: Address): DuplicateVoteEvidence[] {
    return this.list().filter((e) => e.validator === validator);
  }

  get size(): number {
    return this.records.size;
  }
}
