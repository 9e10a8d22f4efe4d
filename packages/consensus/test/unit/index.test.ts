import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as consensus from "../../src/index.js";

describe("public API", () => {
  it("exports exactly the curated names (update on purpose)", () => {
    assert.deepEqual(Object.keys(consensus).sort(), [
      "BLS_DST",
      "DEFAULT_TIMEOUTS",
      "Driver",
      "EvidencePool",
      "FileConsensusWal",
      "MemoryConsensusWal",
      "POP_DOMAIN",
      "PROPOSAL_DOMAIN",
      "ProposerSelector",
      "SignGuard",
      "VOTE_DOMAIN",
      "ValidatorKey",
      "ValidatorSet",
      "VoteKeeper",
      "applyRound",
      "crc32",
      "createBlsBackend",
      "createBlstBlsBackend",
      "createCommitCertificate",
      "createConsensusError",
      "createConsensusMetrics",
      "createNobleBlsBackend",
      "createProofOfPossession",
      "createRoundState",
      "decodeWalEntry",
      "deriveBlsSecretKey",
      "encodePopSignBytes",
      "encodeProposalSignBytes",
      "encodeVoteSignBytes",
      "encodeWalEntry",
      "generateValidatorKey",
      "getTimeoutDuration",
      "getWalEntryHeight",
      "loadValidatorKey",
      "saveValidatorKey",
      "signProposal",
      "signVote",
      "valueIdToBytes",
      "verifyCommitCertificate",
      "verifyDuplicateVoteEvidence",
      "verifyProofOfPossession",
      "verifyProposalSignature",
      "verifyVoteSignature",
    ]);
  });
});
