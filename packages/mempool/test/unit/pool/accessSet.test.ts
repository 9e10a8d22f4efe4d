import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import type { AccessSet, AccessSetInput } from "../../../src/pool/accessSet.js";
import { accessSetsConflict, deriveAccessSet, LearnedAccess } from "../../../src/pool/accessSet.js";
import { getTxTag, tagData } from "../../../src/pool/tags.js";

const sender = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const token = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const bob = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const carol = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

const word = (address: string) => `${"0".repeat(24)}${address.slice(2)}`;
const call = (selector: string, ...words: string[]) => hexToBytes(`0x${selector.slice(2)}${words.join("")}` as `0x${string}`);
const amount = `${"0".repeat(63)}1`;

function input(overrides: Partial<AccessSetInput>): AccessSetInput {
  return {
    txType: 2,
    sender,
    senderBytes: hexToBytes(sender),
    to: bob,
    nonce: 0n,
    value: 0n,
    data: new Uint8Array(),
    accessList: [],
    tag: "none",
    ...overrides,
  };
}

function set(accounts: string[], slots: string[] = []): AccessSet {
  return {
    accounts,
    slots,
    isolated: false,
    binding: false,
    sources: { declared: false, predicted: true, learned: false },
    learnedVersion: 0,
    reason: "",
  };
}

describe("deriveAccessSet", () => {
  const cases: { desc: string; input: Partial<AccessSetInput>; accounts: string[]; slots: string[]; isolated?: boolean }[] = [
    { desc: "a plain transfer: sender and recipient", input: { value: 5n }, accounts: [bob, sender].sort(), slots: [] },
    {
      desc: "ERC-20 transfer: two balances, not the whole token",
      input: { to: token, data: call("0xa9059cbb", word(carol), amount) },
      accounts: [sender],
      slots: [`${token}/erc20.balance:${carol}`, `${token}/erc20.balance:${sender}`].sort(),
    },
    {
      desc: "ERC-20 transferFrom: owner and recipient balances and the allowance",
      input: { to: token, data: call("0x23b872dd", word(bob), word(carol), amount) },
      accounts: [sender],
      slots: [`${token}/erc20.balance:${bob}`, `${token}/erc20.balance:${carol}`, `${token}/erc20.allowance:${bob}:${sender}`].sort(),
    },
    {
      desc: "ERC-20 approve: one allowance",
      input: { to: token, data: call("0x095ea7b3", word(bob), amount) },
      accounts: [sender],
      slots: [`${token}/erc20.allowance:${sender}:${bob}`],
    },
    {
      desc: "an unknown call: the whole contract",
      input: { to: token, data: hexToBytes("0xdeadbeef") },
      accounts: [sender, token].sort(),
      slots: [],
    },
    {
      desc: "a declared access list adds to the prediction",
      input: { txType: 1, to: bob, value: 1n, accessList: [[hexToBytes(token), [new Uint8Array(32)]]] },
      accounts: [bob, sender].sort(),
      slots: [`${token}/0x${"00".repeat(32)}`],
    },
    {
      desc: "a type 0x05 list is binding: no prediction added",
      input: { txType: 5, to: token, data: hexToBytes("0xdeadbeef"), accessList: [[hexToBytes(token), [new Uint8Array(32)]]] },
      accounts: [sender],
      slots: [`${token}/0x${"00".repeat(32)}`],
    },
    {
      desc: "contract creation: sender and the new address",
      input: { to: undefined, data: hexToBytes("0x6000") },
      // keccak(rlp([sender, 0]))[12:] for the hardhat deployer at nonce 0.
      accounts: [token, sender].sort(),
      slots: [],
    },
    {
      desc: "a SEQUENTIAL tag isolates",
      input: { tag: "sequential", value: 1n },
      accounts: [bob, sender].sort(),
      slots: [],
      isolated: true,
    },
    { desc: "EIP-7702 is isolated", input: { txType: 4, value: 1n }, accounts: [bob, sender].sort(), slots: [], isolated: true },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const s = deriveAccessSet(input(c.input));
      assert.deepEqual(s.accounts, c.accounts);
      assert.deepEqual(s.slots, c.slots);
      assert.equal(s.isolated, c.isolated ?? false);
    });
  }

  it("learns the stable footprint of a contract and selector after two executions", () => {
    const learned = new LearnedAccess();
    const tx = input({ to: token, data: hexToBytes("0x12345678") });
    const reserve = `${token}/0x${"00".repeat(31)}08`;
    learned.record({
      contract: token,
      selector: "0x12345678",
      accounts: [token, carol],
      slots: [reserve, `${token}/0x${"aa".repeat(32)}`],
    });
    // One observation: still the whole contract.
    assert.deepEqual(deriveAccessSet(tx, learned).accounts, [sender, token].sort());
    learned.record({
      contract: token,
      selector: "0x12345678",
      accounts: [token, carol],
      slots: [reserve, `${token}/0x${"bb".repeat(32)}`],
    });
    const s = deriveAccessSet(tx, learned);
    assert.equal(s.sources.learned, true);
    assert.deepEqual(s.accounts, [carol, sender].sort());
    assert.deepEqual(s.slots, [reserve]); // the per-call slots seen once are left out
  });
});

describe("accessSetsConflict", () => {
  const table: { desc: string; a: AccessSet; b: AccessSet; conflict: boolean }[] = [
    { desc: "disjoint accounts", a: set([sender]), b: set([bob]), conflict: false },
    { desc: "a shared account", a: set([sender, carol]), b: set([bob, carol]), conflict: true },
    { desc: "different slots of one contract", a: set([sender], [`${token}/a`]), b: set([bob], [`${token}/b`]), conflict: false },
    { desc: "the same slot", a: set([sender], [`${token}/a`]), b: set([bob], [`${token}/a`]), conflict: true },
    { desc: "a whole contract and one of its slots", a: set([sender, token]), b: set([bob], [`${token}/a`]), conflict: true },
    { desc: "…and the other way round", a: set([bob], [`${token}/a`]), b: set([sender, token]), conflict: true },
  ];
  for (const c of table) it(c.desc, () => assert.equal(accessSetsConflict(c.a, c.b), c.conflict));
});

describe("tags", () => {
  it("reads and writes the PARALLEL and SEQUENTIAL prefixes", () => {
    const body = hexToBytes("0x0102");
    const p = tagData(body, "parallel");
    assert.equal(new TextDecoder().decode(p.subarray(0, 8)), "PARALLEL");
    assert.equal(getTxTag(p), "parallel");
    const s = tagData(p, "sequential");
    assert.equal(bytesToHex(s), bytesToHex(new Uint8Array([...new TextEncoder().encode("SEQUENTIAL"), 1, 2])));
    assert.equal(getTxTag(s), "sequential");
    assert.equal(getTxTag(body), "none");
  });
});
