import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { computeValidatorSetHash, parseGenesis } from "../../src/index.js";

const devnet = () =>
  JSON.parse(readFileSync(new URL("../../../../genesis/devnet.json", import.meta.url), "utf8")) as Record<string, unknown>;
const key = (fill: number) => `0x${fill.toString(16).padStart(2, "0").repeat(48)}`;

describe("validator set hash", () => {
  const a = { blsPublicKey: new Uint8Array(48).fill(1), power: 1n };
  const b = { blsPublicKey: new Uint8Array(48).fill(2), power: 1n };

  it("is 32 bytes and changes with the keys, the powers and the order", () => {
    const base = computeValidatorSetHash([a, b]);
    assert.equal(base.length, 32);
    assert.deepEqual(computeValidatorSetHash([a, b]), base);
    assert.notDeepEqual(computeValidatorSetHash([b, a]), base);
    assert.notDeepEqual(computeValidatorSetHash([a, { ...b, power: 2n }]), base);
    assert.notDeepEqual(computeValidatorSetHash([a]), base);
  });

  it("genesis validators carry an optional 96-byte proof of possession; extraData must then stay empty", () => {
    const json = devnet();
    json.validators = [{ name: "v0", blsPublicKey: key(1), power: 1, proofOfPossession: `0x${"ab".repeat(96)}` }];
    assert.equal(parseGenesis(json).validators[0]?.proofOfPossession?.length, 96);
    json.validators = [{ name: "v0", blsPublicKey: key(1), power: 1, proofOfPossession: "0xabcd" }];
    assert.throws(() => parseGenesis(json), /validators\[0\]\.proofOfPossession: expected 96 bytes/);
    json.validators = [{ name: "v0", blsPublicKey: key(1), power: 1 }];
    json.extraData = "0x1234";
    assert.throws(() => parseGenesis(json), /extraData: must be empty when validators are given/);
  });
});
