import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeCommitCertificate,
  decodeDuplicateVoteEvidence,
  decodeSignedProposal,
  decodeSignedVote,
  encodeCommitCertificate,
  encodeDuplicateVoteEvidence,
  encodeSignedProposal,
  encodeSignedVote,
  type SignedProposal,
  type SignedVote,
} from "../../src/index.js";

const HASH = `0x${"ab".repeat(32)}`;
const ADDRESS = `0x${"12".repeat(20)}`;
const SIGNATURE = new Uint8Array(96).fill(7);

const vote = (valueId: string | null, type: SignedVote["type"] = "prevote"): SignedVote => ({
  type,
  height: 300,
  round: 2,
  valueId,
  validator: ADDRESS,
  signature: SIGNATURE,
});

describe("consensus wire codec", () => {
  it("round-trips votes (with a value and nil), proposals, certificates and evidence", () => {
    for (const v of [vote(HASH), vote(null, "precommit"), { ...vote(HASH), height: 0, round: 0 }]) {
      assert.deepEqual(decodeSignedVote(encodeSignedVote(v)), v);
    }
    const proposal: SignedProposal = { height: 9, round: 1, validRound: -1, valueId: HASH, proposer: ADDRESS, signature: SIGNATURE };
    assert.deepEqual(decodeSignedProposal(encodeSignedProposal(proposal)), proposal);
    assert.deepEqual(decodeSignedProposal(encodeSignedProposal({ ...proposal, validRound: 0 })).validRound, 0);
    const cert = { height: 9, round: 1, blockHash: HASH, signature: SIGNATURE, signers: Uint8Array.of(0b1011) };
    assert.deepEqual(decodeCommitCertificate(encodeCommitCertificate(cert)), cert);
    const evidence = { validator: ADDRESS, first: vote(HASH), second: vote(null) };
    assert.deepEqual(decodeDuplicateVoteEvidence(encodeDuplicateVoteEvidence(evidence)), evidence);
  });

  const good = encodeSignedVote(vote(HASH));
  const table: { desc: string; bytes: Uint8Array }[] = [
    { desc: "empty input", bytes: new Uint8Array() },
    { desc: "not RLP", bytes: Uint8Array.of(0xff, 0x01) },
    { desc: "truncated", bytes: good.subarray(0, good.length - 5) },
    {
      desc: "a certificate where a vote belongs",
      bytes: encodeCommitCertificate({ height: 1, round: 0, blockHash: HASH, signature: SIGNATURE, signers: Uint8Array.of(1) }),
    },
    { desc: "a trailing byte", bytes: Uint8Array.of(...good, 0) },
  ];
  for (const { desc, bytes } of table) {
    it(`refuses a malformed vote: ${desc}`, () => {
      assert.throws(() => decodeSignedVote(bytes), /malformed/);
    });
  }

  it("refuses bad field sizes and out-of-range numbers", () => {
    assert.throws(() => encodeSignedVote({ ...vote(HASH), validator: "v1" }), /validator address/);
    assert.throws(() => decodeSignedVote(encodeSignedVote({ ...vote(HASH), signature: new Uint8Array(95) })), /signature/);
    const cert = { height: 1, round: 0, blockHash: HASH, signature: SIGNATURE, signers: new Uint8Array(3) };
    assert.throws(() => decodeCommitCertificate(encodeCommitCertificate(cert), 8), /signers/);
  });
});
