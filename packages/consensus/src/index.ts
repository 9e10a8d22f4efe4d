// Public API of @eigenchain/consensus: curated named exports only.

export type { CommitCertificate } from "./certificate.js";
export { createCommitCertificate, verifyCommitCertificate } from "./certificate.js";
export {
  decodeCommitCertificate,
  decodeDuplicateVoteEvidence,
  decodeSignedProposal,
  decodeSignedVote,
  encodeCommitCertificate,
  encodeDuplicateVoteEvidence,
  encodeSignedProposal,
  encodeSignedVote,
} from "./codec.js";
export type { DriverOpts } from "./core/driver.js";
export { Driver } from "./core/driver.js";
export { ProposerSelector } from "./core/proposer.js";
export {
  encodePopSignBytes,
  encodeProposalSignBytes,
  encodeVoteSignBytes,
  POP_DOMAIN,
  PROPOSAL_DOMAIN,
  VOTE_DOMAIN,
  valueIdToBytes,
} from "./core/signBytes.js";
export type { SignCheck } from "./core/signGuard.js";
export { SignGuard } from "./core/signGuard.js";
export type { RoundInput, RoundOutput, RoundTransition, UnsafeOptions } from "./core/stateMachine.js";
export { applyRound, createRoundState } from "./core/stateMachine.js";
export type { TimeoutConfig } from "./core/timeouts.js";
export { DEFAULT_TIMEOUTS, getTimeoutDuration } from "./core/timeouts.js";
export type {
  Address,
  ConsensusInput,
  ConsensusOutput,
  DuplicateVoteEvidence,
  Proposal,
  RoundState,
  SignedProposal,
  SignedVote,
  Step,
  Timeout,
  TimeoutStep,
  ValueId,
  Vote,
  VoteType,
  WalEntry,
} from "./core/types.js";
export type { Validator } from "./core/validatorSet.js";
export { ValidatorSet } from "./core/validatorSet.js";
export type { AddVoteResult, VoteKeeperEvent } from "./core/voteKeeper.js";
export { VoteKeeper } from "./core/voteKeeper.js";
export { decodeWalEntry, encodeWalEntry, getWalEntryHeight } from "./core/walEntry.js";
export type { BlsBackendName } from "./crypto/bls.js";
export { createBlsBackend } from "./crypto/bls.js";
export { createBlstBlsBackend } from "./crypto/blstBackend.js";
export { deriveBlsSecretKey } from "./crypto/keygen.js";
export { BLS_DST, createNobleBlsBackend } from "./crypto/nobleBackend.js";
export {
  createProofOfPossession,
  signProposal,
  signVote,
  verifyProofOfPossession,
  verifyProposalSignature,
  verifyVoteSignature,
} from "./crypto/signing.js";
export type { ConsensusError, ConsensusErrorCode, ConsensusErrorType, VerifyResult } from "./errors.js";
export { createConsensusError } from "./errors.js";
export type { AddEvidenceResult, EvidencePoolModules, EvidencePoolOpts } from "./evidence.js";
export { EvidencePool, verifyDuplicateVoteEvidence } from "./evidence.js";
export { crc32, FileConsensusWal } from "./host/fileWal.js";
export type { GenerateValidatorKeyOpts, SaveValidatorKeyOpts } from "./host/keyFile.js";
export { generateValidatorKey, getValidatorAddress, loadValidatorKey, saveValidatorKey, ValidatorKey } from "./host/keyFile.js";
export { MemoryConsensusWal } from "./host/memoryWal.js";
export type { BlsBackend, ConsensusWal } from "./interface.js";
export type { ConsensusMetrics, EvidenceSource } from "./metrics.js";
export { createConsensusMetrics } from "./metrics.js";
