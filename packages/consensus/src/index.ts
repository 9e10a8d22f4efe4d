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
