// Public API of @eigenchain/consensus: curated named exports only.
export { Driver } from "./core/driver.js";
export type { DriverOpts } from "./core/driver.js";
export { applyRound, createRoundState } from "./core/stateMachine.js";
export type { RoundInput, RoundOutput, RoundTransition, UnsafeOptions } from "./core/stateMachine.js";
export { VoteKeeper } from "./core/voteKeeper.js";
export type { AddVoteResult, VoteKeeperEvent } from "./core/voteKeeper.js";
export { ValidatorSet } from "./core/validatorSet.js";
export type { Validator } from "./core/validatorSet.js";
export { ProposerSelector } from "./core/proposer.js";
export { SignGuard } from "./core/signGuard.js";
export type { SignCheck } from "./core/signGuard.js";
export { DEFAULT_TIMEOUTS, getTimeoutDuration } from "./core/timeouts.js";
export type { TimeoutConfig } from "./core/timeouts.js";
export { decodeWalEntry, encodeWalEntry, getWalEntryHeight } from "./core/walEntry.js";
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
export type { BlsBackend, ConsensusWal } from "./interface.js";
export { MemoryConsensusWal } from "./host/memoryWal.js";
export { FileConsensusWal, crc32 } from "./host/fileWal.js";
export { ValidatorKey, generateValidatorKey, getValidatorAddress, loadValidatorKey, saveValidatorKey } from "./host/keyFile.js";
export type { GenerateValidatorKeyOpts, SaveValidatorKeyOpts } from "./host/keyFile.js";
export {
  POP_DOMAIN,
  PROPOSAL_DOMAIN,
  VOTE_DOMAIN,
  encodePopSignBytes,
  encodeProposalSignBytes,
  encodeVoteSignBytes,
  valueIdToBytes,
} from "./core/signBytes.js";
export { createBlsBackend } from "./crypto/bls.js";
export type { BlsBackendName } from "./crypto/bls.js";
export { createNobleBlsBackend, BLS_DST } from "./crypto/nobleBackend.js";
export { createBlstBlsBackend } from "./crypto/blstBackend.js";
export { deriveBlsSecretKey } from "./crypto/keygen.js";
export {
  createProofOfPossession,
  signProposal,
  signVote,
  verifyProofOfPossession,
  verifyProposalSignature,
  verifyVoteSignature,
} from "./crypto/signing.js";
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
export type { CommitCertificate } from "./certificate.js";
export { EvidencePool, verifyDuplicateVoteEvidence } from "./evidence.js";
export type { AddEvidenceResult, EvidencePoolModules, EvidencePoolOpts } from "./evidence.js";
export { createConsensusError } from "./errors.js";
export type { ConsensusError, ConsensusErrorCode, ConsensusErrorType, VerifyResult } from "./errors.js";
export { createConsensusMetrics } from "./metrics.js";
export type { ConsensusMetrics, EvidenceSource } from "./metrics.js";
