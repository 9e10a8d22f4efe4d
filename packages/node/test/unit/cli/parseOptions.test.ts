import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNonNegativeInteger, parsePositiveInteger } from "../../../src/cli/parseOptions.js";

describe("count flags", () => {
  it("a positive count takes 1 and up, and says so for anything else", () => {
    assert.equal(parsePositiveInteger("2000"), 2000);
    for (const bad of ["0", "-1", "1.5", "abc", "", "1e3"]) assert.throws(() => parsePositiveInteger(bad), /expected a positive integer/);
  });

  it("a non-negative count (--block-time, --warmup.transfers) also takes 0, and its error says 0 is allowed", () => {
    assert.equal(parseNonNegativeInteger("0"), 0);
    assert.equal(parseNonNegativeInteger("2000"), 2000);
    for (const bad of ["-1", "00", "1.5", "abc", ""]) {
      assert.throws(() => parseNonNegativeInteger(bad), /expected a non-negative integer \(0 or more\)/);
    }
  });
});
