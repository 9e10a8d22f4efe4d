// Commit certificates: one aggregated BLS signature over a height's precommits, built and checked here.
import { encodeVoteSignBytes } from "./core/signBytes.js";
import type { SignedVote, ValueId } from "./core/types.js";
import type { ValidatorSet } from "./core/validatorSet.js";
import { createConsensusError, type VerifyResult } from "./errors.js";
import type { BlsBackend } from "./interface.js";

/**
 * Proof that a block was committed: more than 2/3 of the voting power precommitted `blockHash` at
 * (height, round). One aggregated BLS signature over the canonical precommit bytes plus a bitmap of the
 * signers (bit i, least significant first within byte i >> 3, is validator i of the set).
 */
export interface CommitCertificate {
  height: number;
  round: number;
  blockHash: ValueId;
  signature: Uint8Array;
  signers: Uint8Array;
}

/** Builds a certificate from verified precommits (the `decide` output's). Throws on mixed or too few votes. */
export function createCommitCertificate(backend: BlsBackend, set: ValidatorSet, precommits: readonly SignedVote[]): CommitCertificate {
  const first = precommits[0];
  if (first === undefined || first.valueId === null) {
    throw createConsensusError(
      { code: "CONSENSUS_CERTIFICATE_INPUT", reason: "no precommits" },
      "a commit certificate needs precommits for a block",
    );
  }
  const signers = new Uint8Array(Math.ceil(set.size / 8));
  const signatures: Uint8Array[] = [];
  let power = 0;
  for (const v of precommits) {
    if (v.type !== "precommit" || v.height !== first.height || v.round !== first.round || v.valueId !== first.valueId) {
      throw createConsensusError(
        { code: "CONSENSUS_CERTIFICATE_INPUT", reason: "mixed votes" },
        "precommits differ in height, round or block",
      );
    }
    const i = set.indexOf(v.validator);
    if (i < 0)
      throw createConsensusError({ code: "CONSENSUS_CERTIFICATE_INPUT", reason: "unknown validator" }, `not a validator: ${v.validator}`);
    const byte = signers[i >> 3] ?? 0;
    if ((byte & (1 << (i & 7))) !== 0) continue;
    signers[i >> 3] = byte | (1 << (i & 7));
    signatures.push(v.signature);
    power += set.getPower(v.validator);
  }
  if (!set.isQuorum(power)) {
    throw createConsensusError(
      { code: "CONSENSUS_CERTIFICATE_INPUT", reason: "insufficient power" },
      "precommits hold no more than 2/3 of the voting power",
    );
  }
  return {
    height: first.height,
    round: first.round,
    blockHash: first.valueId,
    signature: backend.aggregateSignatures(signatures),
    signers,
  };
}

/** Checks a certificate with ONE aggregate verification and a more-than-2/3 voting-power check. */
export function verifyCommitCertificate(backend: BlsBackend, chainId: bigint, set: ValidatorSet, cert: CommitCertificate): VerifyResult {
  if (cert.signers.length !== Math.ceil(set.size / 8)) return { status: "invalid", reason: "signer bitmap has the wrong length" };
  const keys: Uint8Array[] = [];
  let power = 0;
  for (let i = 0; i < cert.signers.length * 8; i++) {
    if (((cert.signers[i >> 3] ?? 0) & (1 << (i & 7))) === 0) continue;
    const v = set.validators[i];
    if (v === undefined) return { status: "invalid", reason: "signer bitmap names a validator outside the set" };
    if (v.publicKey === undefined) return { status: "invalid", reason: `validator ${v.address} has no public key` };
    keys.push(v.publicKey);
    power += v.votingPower;
  }
  if (!set.isQuorum(power)) return { status: "invalid", reason: "signers hold no more than 2/3 of the voting power" };
  let message: Uint8Array;
  try {
    message = encodeVoteSignBytes(chainId, {
      type: "precommit",
      height: cert.height,
      round: cert.round,
      valueId: cert.blockHash,
      validator: "",
    });
  } catch {
    return { status: "invalid", reason: "malformed height, round or block hash" };
  }
  if (!backend.aggregateVerify(keys, message, cert.signature)) return { status: "invalid", reason: "aggregate signature does not verify" };
  return { status: "valid" };
}
