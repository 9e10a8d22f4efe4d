import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type BlsBackend,
  createBlstBlsBackend,
  createCommitCertificate,
  createNobleBlsBackend,
  signVote,
  ValidatorSet,
  verifyCommitCertificate,
} from "../../src/index.js";

const CHAIN = 7n;
const HASH = `0x${"cd".repeat(32)}`;

function setup(bls: BlsBackend, powers: number[]) {
  const keys = powers.map((_, i) => bls.keygen(new Uint8Array(32).fill(40 + i)));
  const set = new ValidatorSet(keys.map((k, i) => ({ address: `v${i}`, votingPower: powers[i] ?? 1, publicKey: k.publicKey })));
  const precommit = (i: number, valueId: string | null = HASH) =>
    signVote(bls, CHAIN, keys[i]?.secretKey ?? new Uint8Array(), { type: "precommit", height: 5, round: 1, valueId, validator: `v${i}` });
  return { set, precommit };
}

for (const [name, bls, other] of [
  ["noble", createNobleBlsBackend(), createBlstBlsBackend()],
  ["blst", createBlstBlsBackend(), createNobleBlsBackend()],
] as const) {
  describe(`commit certificate (${name})`, () => {
    const { set, precommit } = setup(bls, [1, 1, 1, 1]);

    it("3 of 4 precommits make a certificate that verifies with both backends", () => {
      const cert = createCommitCertificate(bls, set, [precommit(0), precommit(2), precommit(3)]);
      assert.deepEqual([...cert.signers], [0b1101]);
      assert.equal(cert.signature.length, 96);
      assert.deepEqual(verifyCommitCertificate(bls, CHAIN, set, cert), { status: "valid" });
      assert.deepEqual(verifyCommitCertificate(other, CHAIN, set, cert), { status: "valid" });
    });

    it("rejects too little power, a forged bitmap, another block or chain", () => {
      assert.throws(() => createCommitCertificate(bls, set, [precommit(0), precommit(1)]), /2\/3/);
      assert.throws(() => createCommitCertificate(bls, set, [precommit(0), precommit(1, null)]), /differ/);
      const cert = createCommitCertificate(bls, set, [precommit(0), precommit(1), precommit(2)]);
      assert.equal(verifyCommitCertificate(bls, CHAIN, set, { ...cert, signers: Uint8Array.of(0b0011) }).status, "invalid");
      assert.equal(verifyCommitCertificate(bls, CHAIN, set, { ...cert, signers: Uint8Array.of(0b1011) }).status, "invalid");
      assert.equal(verifyCommitCertificate(bls, CHAIN, set, { ...cert, blockHash: `0x${"ee".repeat(32)}` }).status, "invalid");
      assert.equal(verifyCommitCertificate(bls, 8n, set, cert).status, "invalid");
      assert.equal(verifyCommitCertificate(bls, CHAIN, set, { ...cert, round: 2 }).status, "invalid");
    });
  });
}

describe("commit certificate voting power", () => {
  it("counts power, not heads: one validator with 7 of 10 suffices, three small ones do not", () => {
    const bls = createBlstBlsBackend();
    const { set, precommit } = setup(bls, [7, 1, 1, 1]);
    const cert = createCommitCertificate(bls, set, [precommit(0)]);
    assert.deepEqual(verifyCommitCertificate(bls, CHAIN, set, cert), { status: "valid" });
    assert.throws(() => createCommitCertificate(bls, set, [precommit(1), precommit(2), precommit(3)]));
  });
});
