import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createBlstBlsBackend, EvidencePool, signVote, ValidatorSet, verifyDuplicateVoteEvidence } from "../../src/index.js";

const bls = createBlstBlsBackend();
const CHAIN = 1n;
const keys = [0, 1, 2, 3].map((i) => bls.keygen(new Uint8Array(32).fill(90 + i)));
const set = new ValidatorSet(keys.map((k, i) => ({ address: `v${i}`, votingPower: 1, publicKey: k.publicKey })));
const A = `0x${"01".repeat(32)}`;
const B = `0x${"02".repeat(32)}`;
const vote = (i: number, valueId: string | null, round = 0) =>
  signVote(bls, CHAIN, keys[i]?.secretKey ?? new Uint8Array(), { type: "prevote", height: 3, round, valueId, validator: `v${i}` });

describe("duplicate-vote evidence", () => {
  it("verifies two conflicting signed votes standalone", () => {
    assert.deepEqual(verifyDuplicateVoteEvidence(bls, CHAIN, set, { validator: "v1", first: vote(1, A), second: vote(1, B) }), {
      status: "valid",
    });
    assert.deepEqual(verifyDuplicateVoteEvidence(bls, CHAIN, set, { validator: "v1", first: vote(1, A), second: vote(1, null) }), {
      status: "valid",
    });
  });

  it("rejects non-conflicting, different-slot, mis-attributed or forged evidence", () => {
    const bad = [
      { validator: "v1", first: vote(1, A), second: vote(1, A) },
      { validator: "v1", first: vote(1, A), second: vote(1, B, 1) },
      { validator: "v1", first: vote(1, A), second: vote(2, B) },
      { validator: "v1", first: vote(1, A), second: { ...vote(2, B), validator: "v1" } },
    ];
    for (const ev of bad) assert.equal(verifyDuplicateVoteEvidence(bls, CHAIN, set, ev).status, "invalid");
  });

  it("EvidencePool stores verified evidence once and lists it", () => {
    const pool = new EvidencePool({ chainId: CHAIN, getValidatorSet: () => set }, { bls });
    assert.deepEqual(pool.add({ validator: "v2", first: vote(2, A), second: vote(2, B) }), { status: "added" });
    assert.deepEqual(pool.add({ validator: "v2", first: vote(2, B), second: vote(2, null) }), { status: "duplicate" });
    assert.equal(pool.add({ validator: "v1", first: vote(1, A), second: vote(1, A) }).status, "invalid");
    assert.deepEqual(pool.add({ validator: "v0", first: vote(0, A, 1), second: vote(0, B, 1) }), { status: "added" });
    assert.deepEqual(
      pool.list().map((e) => `${e.validator}/${e.first.round}`),
      ["v2/0", "v0/1"],
    );
    assert.equal(pool.listByValidator("v0").length, 1);
    assert.equal(pool.size, 2);
  });
});
