import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Uint8ArrayList } from "uint8arraylist";
import { decodeVarint, encodeFrame, encodeVarint } from "../../../src/reqresp/varint.js";

describe("varint", () => {
  const table = [
    { desc: "zero", value: 0, bytes: [0x00] },
    { desc: "one byte max", value: 127, bytes: [0x7f] },
    { desc: "two bytes", value: 128, bytes: [0x80, 0x01] },
    { desc: "300", value: 300, bytes: [0xac, 0x02] },
    { desc: "1 KiB", value: 1024, bytes: [0x80, 0x08] },
    { desc: "32 MiB", value: 32 * 1024 * 1024, bytes: [0x80, 0x80, 0x80, 0x10] },
  ];
  for (const { desc, value, bytes } of table) {
    it(`round-trips ${desc}`, () => {
      assert.deepEqual([...encodeVarint(value)], bytes);
      assert.deepEqual(decodeVarint(Uint8Array.from(bytes)), { status: "ok", value, bytes: bytes.length });
      assert.deepEqual(decodeVarint(new Uint8ArrayList(Uint8Array.from(bytes), Uint8Array.of(9))), {
        status: "ok",
        value,
        bytes: bytes.length,
      });
    });
  }

  it("tells incomplete from invalid prefixes", () => {
    assert.deepEqual(decodeVarint(new Uint8Array(0)), { status: "incomplete" });
    assert.deepEqual(decodeVarint(Uint8Array.of(0x80, 0x80)), { status: "incomplete" });
    assert.deepEqual(decodeVarint(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)), { status: "invalid" });
  });

  it("refuses negative and fractional values", () => {
    assert.throws(() => encodeVarint(-1), RangeError);
    assert.throws(() => encodeVarint(1.5), RangeError);
  });

  it("frames data with its length", () => {
    assert.deepEqual([...encodeFrame(Uint8Array.of(7, 8, 9))], [3, 7, 8, 9]);
  });
});
