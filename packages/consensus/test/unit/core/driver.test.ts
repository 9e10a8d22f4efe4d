import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ConsensusOutput,
  Driver,
  type SignedProposal,
  type SignedVote,
  ValidatorSet,
  type VoteType,
  type WalEntry,
} from "../../../src/index.js";

const set = new ValidatorSet(["a", "b", "c", "d"].map((address) => ({ address, votingPower: 1 })));
const SIG = new Uint8Array();
const V = `0x${"11".repeat(32)}`;
const W = `0x${"22".repeat(32)}`;
const vote = (validator: string, type: VoteType, round: number, valueId: string | null, height = 1): SignedVote => ({
  type,
  height,
  round,
  valueId,
  validator,
  signature: SIG,
});

/** Driver for validator "d" (proposer of height 1 round 3; a, b, c propose rounds 0, 1, 2). */
function started(): Driver {
  const d = new Driver({ address: "d", validatorSet: set });
  d.process({ type: "startHeight", height: 1 });
  return d;
}

function proposal(d: Driver, round: number, valueId: string, validRound = -1): SignedProposal {
  return { height: 1, round, valueId, validRound, proposer: d.getProposer(1, round), signature: SIG };
}

const votesOf = (out: ConsensusOutput[]) =>
  out.flatMap((o) =>
    o.type === "signVote" ? [`${o.vote.type}:${o.vote.round}:${o.vote.valueId === null ? "nil" : o.vote.valueId.slice(0, 4)}`] : [],
  );

/** Feeds the inputs and collects outputs, answering validation with `valid`. */
function feed(d: Driver, inputs: Parameters<Driver["process"]>[0][], valid = true): ConsensusOutput[] {
  const all: ConsensusOutput[] = [];
  const queue = [...inputs];
  for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
    const out = d.process(input);
    all.push(...out);
    for (const o of out) {
      if (o.type === "validateValue") queue.push({ type: "valueValidated", height: o.height, valueId: o.valueId, valid });
      if (o.type === "signVote") queue.push({ type: "vote", vote: { ...o.vote, signature: SIG } });
    }
  }
  return all;
}

describe("Driver", () => {
  it("happy path: proposal → prevote; polka → lock + precommit (persisted first); 2f+1 precommits → decide", () => {
    const d = started();
    const out1 = feed(d, [{ type: "proposal", proposal: proposal(d, 0, V) }]);
    assert.deepEqual(votesOf(out1), [`prevote:0:0x11`]);
    const i = out1.findIndex((o) => o.type === "signVote");
    assert.equal(out1[i - 1]?.type, "persist", "the vote is written to the WAL before it is signed");
    const out2 = feed(d, [
      { type: "vote", vote: vote("a", "prevote", 0, V) },
      { type: "vote", vote: vote("b", "prevote", 0, V) },
    ]);
    assert.deepEqual(votesOf(out2), [`precommit:0:0x11`]);
    assert.equal(d.state.lockedValue, V);
    assert.equal(d.state.lockedRound, 0);
    const out3 = feed(d, [
      { type: "vote", vote: vote("a", "precommit", 0, V) },
      { type: "vote", vote: vote("c", "precommit", 0, V) },
    ]);
    const decide = out3.find((o) => o.type === "decide");
    assert.ok(decide !== undefined && decide.type === "decide");
    assert.equal(decide.valueId, V);
    assert.equal(decide.precommits.length, 3);
    assert.equal(d.state.step, "commit");
  });

  it("locking (L23) and unlocking on a higher polka (L28-L30, validValue/validRound)", () => {
    const d = started();
    feed(d, [{ type: "proposal", proposal: proposal(d, 0, V) }]);
    feed(
      d,
      ["a", "b"].map((x) => ({ type: "vote" as const, vote: vote(x, "prevote", 0, V) })),
    );
    assert.equal(d.state.lockedValue, V);
    // Round 1: the others move on (L55 via f+1 round-1 votes), a fresh proposal W: locked on V → prevote nil.
    const out = feed(d, [
      { type: "vote", vote: vote("a", "prevote", 1, null) },
      { type: "vote", vote: vote("b", "prevote", 1, null) },
      { type: "proposal", proposal: proposal(d, 1, W) },
    ]);
    assert.equal(d.state.round, 1);
    assert.ok(votesOf(out).includes("prevote:1:nil"), votesOf(out).join());
    // Round 1 polka for W is seen later by others; in round 2 the proposer re-proposes W with validRound 1.
    feed(d, [
      { type: "vote", vote: vote("a", "prevote", 2, null) },
      { type: "vote", vote: vote("b", "precommit", 2, null) },
    ]);
    assert.equal(d.state.round, 2);
    const out2 = feed(d, [
      { type: "vote", vote: { ...vote("a", "prevote", 1, W) } },
      { type: "vote", vote: vote("b", "prevote", 1, W) },
      { type: "vote", vote: vote("c", "prevote", 1, W) },
      { type: "proposal", proposal: proposal(d, 2, W, 1) },
    ]);
    assert.deepEqual(votesOf(out2), ["prevote:2:0x22"], "lockedRound 0 ≤ vr 1: unlock and prevote W");
  });

  it("L55: f+1 votes from a higher round make it skip to that round", () => {
    const d = started();
    const out = feed(d, [{ type: "vote", vote: vote("a", "prevote", 7, null) }]);
    assert.equal(d.state.round, 0);
    assert.equal(out.length, 0);
    const out2 = feed(d, [{ type: "vote", vote: vote("b", "precommit", 7, V) }]);
    assert.equal(d.state.round, 7);
    assert.ok(out2.some((o) => o.type === "roundStarted" && o.round === 7));
  });

  it("a timeout for the propose step prevotes nil; timeouts grow per round", () => {
    const d = started();
    const t0 = feed(d, []).length;
    assert.equal(t0, 0);
    const out = feed(d, [{ type: "timeout", timeout: { height: 1, round: 0, step: "propose" } }]);
    assert.deepEqual(votesOf(out), ["prevote:0:nil"]);
    const skip = feed(
      d,
      ["a", "b"].map((x) => ({ type: "vote" as const, vote: vote(x, "prevote", 3, null) })),
    );
    const t = skip.find((o) => o.type === "scheduleTimeout");
    assert.ok(t !== undefined && t.type === "scheduleTimeout");
    assert.equal(t.durationMs, 3000 + 3 * 500);
  });

  it("reports an equivocation with both signed votes", () => {
    const d = started();
    const out = feed(d, [
      { type: "vote", vote: vote("a", "prevote", 0, V) },
      { type: "vote", vote: vote("a", "prevote", 0, W) },
    ]);
    const ev = out.find((o) => o.type === "equivocation");
    assert.ok(ev !== undefined && ev.type === "equivocation");
    assert.equal(ev.evidence.validator, "a");
  });

  it("restores from its WAL: resumes round, step and lock, re-sends the same vote and never a conflicting one", () => {
    const d = started();
    const wal: WalEntry[] = [];
    const record = (out: ConsensusOutput[]) => {
      for (const o of out) if (o.type === "persist") wal.push(o.entry);
    };
    record(feed(d, [{ type: "proposal", proposal: proposal(d, 0, V) }]));
    record(
      feed(
        d,
        ["a", "b"].map((x) => ({ type: "vote" as const, vote: vote(x, "prevote", 0, V) })),
      ),
    );
    const { driver, outputs } = Driver.restore({ address: "d", validatorSet: set }, wal, 1);
    assert.equal(driver.state.round, 0);
    assert.equal(driver.state.step, "precommit");
    assert.equal(driver.state.lockedValue, V);
    assert.deepEqual(votesOf(outputs), ["prevote:0:0x11", "precommit:0:0x11"]);
    // Its prevote slot is taken: a timeout cannot make it prevote nil now.
    const out = feed(driver, [
      { type: "timeout", timeout: { height: 1, round: 0, step: "propose" } },
      { type: "timeout", timeout: { height: 1, round: 0, step: "prevote" } },
    ]);
    assert.deepEqual(votesOf(out), []);
  });

  it("after a WAL that lost its tail, signs nothing at the heights it may have signed, then signs again", () => {
    // The WAL kept only the round's state: its prevote (perhaps already sent) was cut off.
    const wal: WalEntry[] = [{ type: "state", state: { ...started().state } }];
    const { driver, outputs } = Driver.restore({ address: "d", validatorSet: set, noSignUpTo: 1 }, wal, 1);
    const out = feed(driver, [
      { type: "timeout", timeout: { height: 1, round: 0, step: "propose" } },
      { type: "proposal", proposal: proposal(driver, 0, V) },
      ...["a", "b", "c"].map((x) => ({ type: "vote" as const, vote: vote(x, "prevote", 0, V) })),
      ...["a", "b", "c"].map((x) => ({ type: "vote" as const, vote: vote(x, "precommit", 0, V) })),
    ]);
    const persisted = [...outputs, ...out].flatMap((o) => (o.type === "persist" ? [o.entry.type] : []));
    assert.deepEqual(votesOf([...outputs, ...out]), []);
    assert.ok(!persisted.includes("vote") && !persisted.includes("proposal"), `persisted ${persisted.join(",")}`);
    assert.ok(
      out.some((o) => o.type === "decide"),
      "it still follows the height to its decision",
    );
    const next = feed(driver, [
      { type: "startHeight", height: 2 },
      { type: "timeout", timeout: { height: 2, round: 0, step: "propose" } },
    ]);
    assert.deepEqual(votesOf(next), ["prevote:0:nil"]);
  });

  it("an observer (no address) follows and decides without signing", () => {
    const d = new Driver({ address: null, validatorSet: set });
    d.process({ type: "startHeight", height: 1 });
    const out = feed(d, [
      { type: "proposal", proposal: proposal(d, 0, V) },
      ...["a", "b", "c"].map((x) => ({ type: "vote" as const, vote: vote(x, "precommit", 0, V) })),
    ]);
    assert.deepEqual(votesOf(out), []);
    assert.ok(out.some((o) => o.type === "decide"));
  });
});
