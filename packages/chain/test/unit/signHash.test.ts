import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex, ecrecover, publicToAddress } from "@ethereumjs/util";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak256, loadNativeSecp256k1, SECP256K1_N_DIV_2, signHash } from "../../src/index.js";
import { key } from "./fixtures.js";

const sender = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

describe("signHash", () => {
  it("signs so that ecrecover gives the key's address back, with s in the lower half (EIP-2)", () => {
    for (let i = 0; i < 20; i++) {
      const hash = keccak256(Uint8Array.of(i));
      const { r, s, recid } = signHash(hash, key);
      assert.equal(r.length, 32);
      assert.equal(s.length, 32);
      assert.ok(BigInt(bytesToHex(s)) <= SECP256K1_N_DIV_2);
      assert.equal(bytesToHex(publicToAddress(ecrecover(hash, BigInt(27 + recid), r, s))), sender);
    }
  });

  it("gives the signature noble's pure-JS signer gives (both RFC 6979, low s)", () => {
    if (loadNativeSecp256k1() === null) return; // then signHash is noble's own signer
    for (let i = 0; i < 20; i++) {
      const hash = keccak256(Uint8Array.of(i, 1));
      const { r, s, recid } = signHash(hash, key);
      const noble = secp256k1.sign(hash, key, { prehash: false, format: "recovered" });
      assert.deepEqual([recid, bytesToHex(r), bytesToHex(s)], [noble[0], bytesToHex(noble.slice(1, 33)), bytesToHex(noble.slice(33))]);
    }
  });
});
