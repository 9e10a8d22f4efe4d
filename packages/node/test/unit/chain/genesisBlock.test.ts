import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { computeValidatorSetHash, createChainCommon, parseGenesis } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { createGenesisBlock } from "../../../src/chain/genesisBlock.js";

const devnet = () =>
  JSON.parse(readFileSync(new URL("../../../../../genesis/devnet.json", import.meta.url), "utf8")) as Record<string, unknown>;

describe("the genesis block", () => {
  const root = new Uint8Array(32).fill(9);
  const blockOf = (validators: unknown[]) => {
    const genesis = parseGenesis({ ...devnet(), validators });
    return createGenesisBlock(genesis, root, createChainCommon(genesis.chainId));
  };

  it("commits to its validators: two genesis files differing only in validators differ in hash", () => {
    const one = [{ name: "a", blsPublicKey: `0x${"01".repeat(48)}`, power: 1 }];
    const two = [{ name: "a", blsPublicKey: `0x${"02".repeat(48)}`, power: 1 }];
    const a = blockOf(one);
    const b = blockOf(two);
    assert.notEqual(bytesToHex(a.hash()), bytesToHex(b.hash()));
    assert.deepEqual(a.header.extraData, computeValidatorSetHash(parseGenesis({ ...devnet(), validators: one }).validators));
  });

  it("keeps the genesis file's extraData on a chain without validators", () => {
    assert.deepEqual(blockOf([]).header.extraData, new Uint8Array());
  });
});
