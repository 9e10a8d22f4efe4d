import assert from "node:assert/strict";
import { it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import { toHex } from "../../src/index.js";

it("toHex gives ethereumjs' bytesToHex string for every length, for views into larger buffers, and 0x for none", () => {
  assert.equal(toHex(new Uint8Array()), "0x");
  const source = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
  for (let length = 0; length <= 100; length++) {
    const view = source.subarray(length % 7, (length % 7) + length);
    assert.equal(toHex(view), bytesToHex(view), `length ${length}`);
  }
});
