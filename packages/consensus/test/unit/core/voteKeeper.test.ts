import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type SignedVote, ValidatorSet, VoteKeeper, type VoteType } from "../../../src/index.js";

const set = new ValidatorSet(["a", "b", "c", "d"].map((address) => ({ address, votingPower: 1 })));
const vote = (validator: string, type: VoteType, round: number, valueId: string | null): SignedVote => ({
  type,
  height: 1,
  round,
  valueId,
  validator,
  signature: new Uint8Array(),
});

describe("VoteKeeper", () => {
  it("reports polkaValue and polkaAny once at 2f+1 (3 of 4)", () => {
    const k = new VoteKeeper(1, set);
    assert.deepEqual(k.addVote(vote("a", "prevote", 0, "v")), { status: "added", events: [] });
    assert.deepEqual(k.addVote(vote("b", "prevote", 0, "v")), { status: "added", events: [{ type: "skipRound", round: 0 }] });
    const r = k.addVote(vote("c", "prevote", 0, "v"));
    assert.deepEqual(r, {
      status: "added",
      events: [
        { type: "polkaValue", round: 0, valueId: "v" },
        { type: "polkaAny", round: 0 },
      ],
    });
    assert.deepEqual(k.addVote(vote("d", "prevote", 0, "v")), { status: "added", events: [] });
    assert.equal(k.getQuorumValue(0, "prevote"), "v");
  });

  it("mixed votes reach polkaAny without a value polka; nil has its own threshold", () => {
    const k = new VoteKeeper(1, set);
    k.addVote(vote("a", "prevote", 0, null));
    k.addVote(vote("b", "prevote", 0, "v"));
    k.addVote(vote("c", "prevote", 0, null));
    assert.equal(k.hasQuorumAny(0, "prevote"), true);
    assert.equal(k.getQuorumValue(0, "prevote"), null);
    assert.equal(k.hasQuorumFor(0, "prevote", null), false);
    k.addVote(vote("d", "prevote", 0, null));
    assert.equal(k.hasQuorumFor(0, "prevote", null), true);
  });

  it("L55: f+1 senders in a higher round give a skip round", () => {
    const k = new VoteKeeper(1, set);
    k.addVote(vote("a", "prevote", 5, "v"));
    assert.equal(k.getSkipRound(0), -1);
    k.addVote(vote("b", "precommit", 5, null));
    assert.equal(k.getSkipRound(0), 5);
    assert.equal(k.getSkipRound(5), -1);
  });

  it("ignores duplicates and non-validators, reports equivocation with both votes", () => {
    const k = new VoteKeeper(1, set);
    k.addVote(vote("a", "precommit", 0, "v"));
    assert.deepEqual(k.addVote(vote("a", "precommit", 0, "v")), { status: "duplicate" });
    assert.deepEqual(k.addVote(vote("x", "precommit", 0, "v")), { status: "ignored" });
    assert.deepEqual(k.addVote({ ...vote("a", "precommit", 0, "v"), height: 2 }), { status: "ignored" });
    const r = k.addVote(vote("a", "precommit", 0, "w"));
    assert.equal(r.status, "added");
    const ev = r.status === "added" ? r.events.find((e) => e.type === "equivocation") : undefined;
    assert.ok(ev !== undefined && ev.type === "equivocation");
    assert.equal(ev.evidence.first.valueId, "v");
    assert.equal(ev.evidence.second.valueId, "w");
  });

  it("weights by voting power: one validator with more than 2/3 is a quorum alone", () => {
    const weighted = new ValidatorSet([
      { address: "big", votingPower: 7 },
      { address: "s1", votingPower: 1 },
      { address: "s2", votingPower: 1 },
      { address: "s3", votingPower: 1 },
    ]);
    const k = new VoteKeeper(1, weighted);
    k.addVote(vote("big", "precommit", 0, "v"));
    assert.equal(k.getQuorumValue(0, "precommit"), "v");
    assert.equal(k.getVotes(0, "precommit", "v").length, 1);
  });
});
