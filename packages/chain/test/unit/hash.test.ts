import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import { keccak256, keccak256Backend, keccak256Js } from "../../src/index.js";

describe("keccak256", () => {
  it("uses the WebAssembly build here (hash-wasm is a dependency and loads in Node)", () => {
    assert.equal(keccak256Backend, "wasm");
  });

  it("gives noble's bytes for every length across the 136-byte rate, and for views into larger buffers", () => {
    assert.equal(bytesToHex(keccak256(new Uint8Array())), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    const source = Uint8Array.from({ length: 1200 }, (_, i) => (i * 31 + 7) & 0xff);
    for (let length = 0; length <= 600; length++) {
      const data = source.subarray(length % 13, (length % 13) + length);
      assert.equal(bytesToHex(keccak256(data)), bytesToHex(keccak256Js(data)), `length ${length}`);
    }
  });

  it("returns a fresh array each call (a caller may keep or change it)", () => {
    const kept = keccak256(Uint8Array.of(2));
    const keptHex = bytesToHex(kept);
    keccak256(Uint8Array.of(3));
    assert.equal(bytesToHex(kept), keptHex, "a later hash does not overwrite an earlier result");
    const first = keccak256(Uint8Array.of(1));
    first[0] = first[0]! ^ 0xff;
    assert.notEqual(bytesToHex(keccak256(Uint8Array.of(1))), bytesToHex(first));
  });
});
