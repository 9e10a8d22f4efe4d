import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type BlsBackend,
  createBlsBackend,
  createBlstBlsBackend,
  createNobleBlsBackend,
  createProofOfPossession,
  encodeVoteSignBytes,
  signVote,
  verifyProofOfPossession,
  verifyVoteSignature,
} from "../../../src/index.js";

const noble = createNobleBlsBackend();
const blst = createBlstBlsBackend();
const seed = (i: number) => new Uint8Array(32).fill(i + 1);
const msg = new TextEncoder().encode("EIGENCHAIN test message");
const HASH = `0x${"ab".repeat(32)}`;

describe("BLS backends (noble vs blst)", () => {
  it("derive the same keys from the same seed (IETF KeyGen)", () => {
    for (let i = 0; i < 3; i++) {
      const a = noble.keygen(seed(i));
      const b = blst.keygen(seed(i));
      assert.deepEqual(a.secretKey, b.secretKey);
      assert.deepEqual(a.publicKey, b.publicKey);
      assert.deepEqual(noble.getPublicKey(a.secretKey), blst.getPublicKey(a.secretKey));
    }
  });

  it("produce identical signatures that verify with the other backend", () => {
    const { secretKey, publicKey } = blst.keygen(seed(7));
    const s1 = noble.sign(secretKey, msg);
    const s2 = blst.sign(secretKey, msg);
    assert.deepEqual(s1, s2, "BLS signatures are deterministic");
    for (const [signer, verifier] of [
      [noble, blst],
      [blst, noble],
    ] as [BlsBackend, BlsBackend][]) {
      const sig = signer.sign(secretKey, msg);
      assert.equal(verifier.verify(publicKey, msg, sig), true);
      assert.equal(verifier.verify(publicKey, new Uint8Array([1, 2, 3]), sig), false);
    }
  });

  it("reject malformed keys and signatures without throwing", () => {
    const { publicKey } = blst.keygen(seed(1));
    for (const b of [noble, blst]) {
      assert.equal(b.verify(publicKey, msg, new Uint8Array(96)), false);
      assert.equal(b.verify(new Uint8Array(48), msg, new Uint8Array(96)), false);
      assert.equal(b.aggregateVerify([], msg, new Uint8Array(96)), false);
    }
  });

  it("aggregate across backends: aggregate by one, aggregate-verify by the other", () => {
    const keys = [0, 1, 2, 3].map((i) => blst.keygen(seed(i)));
    const sigs = keys.map((k, i) => (i % 2 === 0 ? noble : blst).sign(k.secretKey, msg));
    const aggNoble = noble.aggregateSignatures(sigs);
    const aggBlst = blst.aggregateSignatures(sigs);
    assert.deepEqual(aggNoble, aggBlst);
    const pks = keys.map((k) => k.publicKey);
    assert.equal(blst.aggregateVerify(pks, msg, aggNoble), true);
    assert.equal(noble.aggregateVerify(pks, msg, aggBlst), true);
    assert.equal(noble.aggregateVerify(pks.slice(1), msg, aggBlst), false);
    assert.equal(blst.aggregateVerify(pks.slice(1), msg, aggNoble), false);
  });

  it("signs canonical vote bytes; a vote for another chain, round or block does not verify", () => {
    const { secretKey, publicKey } = noble.keygen(seed(3));
    const vote = { type: "precommit" as const, height: 10, round: 2, valueId: HASH, validator: "v" };
    const signed = signVote(noble, 1337n, secretKey, vote);
    assert.equal(verifyVoteSignature(blst, 1337n, publicKey, signed), true);
    assert.equal(verifyVoteSignature(blst, 1338n, publicKey, signed), false);
    assert.equal(verifyVoteSignature(blst, 1337n, publicKey, { ...signed, round: 3 }), false);
    assert.equal(verifyVoteSignature(blst, 1337n, publicKey, { ...signed, valueId: null }), false);
    assert.equal(verifyVoteSignature(blst, 1337n, publicKey, { ...signed, type: "prevote" }), false);
    const bytes = encodeVoteSignBytes(1337n, vote);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 18)), "EIGENCHAIN/VOTE/V1");
    assert.equal(bytes.length, 18 + 8 + 8 + 4 + 1 + 1 + 32);
  });

  it("proofs of possession verify across backends", () => {
    const { secretKey, publicKey } = blst.keygen(seed(4));
    const pop = createProofOfPossession(blst, secretKey);
    assert.equal(verifyProofOfPossession(noble, publicKey, pop), true);
    assert.equal(verifyProofOfPossession(noble, blst.keygen(seed(5)).publicKey, pop), false);
  });

  it("createBlsBackend selects by option", () => {
    assert.equal(createBlsBackend("noble").name, "noble");
    assert.equal(createBlsBackend("blst").name, "blst");
    assert.equal(createBlsBackend().name, "blst");
  });
});
