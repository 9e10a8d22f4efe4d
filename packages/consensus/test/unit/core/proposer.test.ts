import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ProposerSelector, ValidatorSet } from "../../../src/index.js";

describe("ProposerSelector (CometBFT weighted round robin)", () => {
  it("rotates through equal-power validators", () => {
    const set = new ValidatorSet(["a", "b", "c", "d"].map((address) => ({ address, votingPower: 1 })));
    const sel = new ProposerSelector(set);
    const seq = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => sel.getProposer(1, r));
    assert.deepEqual(seq, ["a", "b", "c", "d", "a", "b", "c", "d"]);
    assert.equal(sel.getProposer(2, 0), "b", "each height advances the rotation by one");
  });

  it("gives each validator a share of proposals equal to its share of voting power", () => {
    const set = new ValidatorSet([
      { address: "a", votingPower: 1 },
      { address: "b", votingPower: 2 },
      { address: "c", votingPower: 5 },
    ]);
    const sel = new ProposerSelector(set);
    const counts: Record<string, number> = {};
    for (let h = 1; h <= 800; h++) {
      const p = sel.getProposer(h, 0);
      counts[p] = (counts[p] ?? 0) + 1;
    }
    assert.deepEqual(counts, { a: 100, b: 200, c: 500 });
  });

  it("powers 1, 2, 3 give c b a c b c (ties go to the lower address)", () => {
    const set = new ValidatorSet([
      { address: "a", votingPower: 1 },
      { address: "b", votingPower: 2 },
      { address: "c", votingPower: 3 },
    ]);
    const sel = new ProposerSelector(set);
    const seq = [0, 1, 2, 3, 4, 5].map((r) => sel.getProposer(1, r)).join("");
    assert.equal(seq, "cbacbc");
  });

  it("is deterministic and independent of query order", () => {
    const set = new ValidatorSet(["a", "b", "c"].map((address, i) => ({ address, votingPower: i + 1 })));
    const a = new ProposerSelector(set);
    const b = new ProposerSelector(set);
    const forward = [1, 2, 3, 4, 5].map((h) => a.getProposer(h, 2));
    const backward = [5, 4, 3, 2, 1].map((h) => b.getProposer(h, 2)).reverse();
    assert.deepEqual(forward, backward);
  });
});
