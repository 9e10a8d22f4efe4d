// Signing and checking votes, proposals and proofs of possession over their canonical bytes.
import { encodePopSignBytes, encodeProposalSignBytes, encodeVoteSignBytes } from "../core/signBytes.js";
import type { Proposal, SignedProposal, SignedVote, Vote } from "../core/types.js";
import type { BlsBackend } from "../interface.js";

export function signVote(backend: BlsBackend, chainId: bigint, secretKey: Uint8Array, vote: Vote): SignedVote {
  const { signature: _drop, ...plain } = vote as SignedVote;
  return { ...plain, signature: backend.sign(secretKey, encodeVoteSignBytes(chainId, plain)) };
}

export function verifyVoteSignature(backend: BlsBackend, chainId: bigint, publicKey: Uint8Array, vote: SignedVote): boolean {
  try {
    return backend.verify(publicKey, encodeVoteSignBytes(chainId, vote), vote.signature);
  } catch {
    return false;
  }
}

export function signProposal(backend: BlsBackend, chainId: bigint, secretKey: Uint8Array, proposal: Proposal): SignedProposal {
  const { signature: _drop, ...plain } = proposal as SignedProposal;
  return { ...plain, signature: backend.sign(secretKey, encodeProposalSignBytes(chainId, plain)) };
}

export function verifyProposalSignature(backend: BlsBackend, chainId: bigint, publicKey: Uint8Array, proposal: SignedProposal): boolean {
  try {
    return backend.verify(publicKey, encodeProposalSignBytes(chainId, proposal), proposal.signature);
  } catch {
    return false;
  }
}

/**
 * Proof of possession of a BLS key (its signature over the tagged public key). Commit certificates use
 * same-message aggregation, which is only safe against rogue-key attacks when every validator key in the
 * set came with a valid proof: check it when a key enters the validator set (genesis, staking).
 */
export function createProofOfPossession(backend: BlsBackend, secretKey: Uint8Array): Uint8Array {
  return backend.sign(secretKey, encodePopSignBytes(backend.getPublicKey(secretKey)));
}

export function verifyProofOfPossession(backend: BlsBackend, publicKey: Uint8Array, proof: Uint8Array): boolean {
  return backend.verify(publicKey, encodePopSignBytes(publicKey), proof);
}
