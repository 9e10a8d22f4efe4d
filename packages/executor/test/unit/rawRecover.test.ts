import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTx } from "@ethereumjs/tx";
import { bytesToHex, eoaCode7702SignAuthorization } from "@ethereumjs/util";
import { keccak } from "../../src/crypto/keccak.js";
import { recoverFromRaw } from "../../src/parallel/rawRecover.js";
import { CHAIN_ID, common, createAccount, signTx } from "../utils/fixtures.js";

const alice = createAccount(0);
const bob = createAccount(1);

describe("recoverFromRaw (sender recovery without decoding)", () => {
  const auth = eoaCode7702SignAuthorization({ chainId: "0x539", address: bytesToHex(bob.address), nonce: "0x0" }, bob.key);
  const table = [
    { desc: "EIP-1559", tx: signTx(alice, { nonce: 3n, to: bob.address, value: 5n, data: Uint8Array.of(1, 2, 3) }) },
    { desc: "EIP-155 legacy", tx: signTx(alice, { nonce: 0n, to: bob.address, value: 1n, type: 0 }) },
    { desc: "EIP-7702", tx: signTx(alice, { nonce: 1n, to: alice.address, type: 4, authorizationList: [auth] }) },
    {
      desc: "EIP-2930",
      tx: createTx(
        {
          type: 1,
          nonce: 2n,
          gasPrice: 10n,
          gasLimit: 50_000n,
          to: bob.address,
          chainId: CHAIN_ID,
          accessList: [{ address: bytesToHex(bob.address), storageKeys: [bytesToHex(new Uint8Array(32))] }],
        },
        { common },
      ).sign(alice.key),
    },
    { desc: "contract creation", tx: signTx(alice, { nonce: 4n, data: Uint8Array.of(0x60, 0x00) }) },
  ];
  for (const { desc, tx } of table) {
    it(`${desc}: same public key and sender as ethereumjs`, () => {
      const got = recoverFromRaw(tx.serialize(), CHAIN_ID, keccak);
      assert.ok(got !== null);
      assert.equal(bytesToHex(got.pubkey), bytesToHex(tx.getSenderPublicKey()));
      assert.equal(bytesToHex(got.sender), bytesToHex(tx.getSenderAddress().bytes));
    });
  }
  it("declines what it does not handle (wrong chain id, garbage, empty): the reference path decides", () => {
    const legacy = signTx(alice, { nonce: 0n, to: bob.address, type: 0 }).serialize();
    assert.equal(recoverFromRaw(legacy, CHAIN_ID + 1n, keccak), null);
    assert.equal(recoverFromRaw(Uint8Array.of(2, 0xc0), CHAIN_ID, keccak), null);
    assert.equal(recoverFromRaw(new Uint8Array(), CHAIN_ID, keccak), null);
    assert.equal(recoverFromRaw(Uint8Array.of(7, 1, 2), CHAIN_ID, keccak), null);
  });
});
