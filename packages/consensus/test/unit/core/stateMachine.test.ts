import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyRound, createRoundState, type RoundInput, type RoundOutput, type RoundState } from "../../../src/index.js";

const V = "0xaa";
const W = "0xbb";

function at(partial: Partial<RoundState>): RoundState {
  return { ...createRoundState(1), round: 0, step: "propose", ...partial };
}

interface Case {
  desc: string;
  state: RoundState;
  input: RoundInput;
  expectedOutputs: RoundOutput[];
  expectedState?: Partial<RoundState>;
  ignoreLock?: boolean;
}

const cases: Case[] = [
  {
    desc: "L11-L21: StartRound as proposer without validValue asks getValue() and schedules timeoutPropose",
    state: createRoundState(1),
    input: { type: "newRound", round: 0, isProposer: true },
    expectedOutputs: [
      { type: "getValue", round: 0 },
      { type: "scheduleTimeout", round: 0, step: "propose" },
    ],
    expectedState: { round: 0, step: "propose" },
  },
  {
    desc: "L15-L16: StartRound as proposer re-proposes validValue with validRound",
    state: at({ round: 1, step: "precommit", validValue: V, validRound: 1 }),
    input: { type: "newRound", round: 2, isProposer: true },
    expectedOutputs: [
      { type: "propose", round: 2, valueId: V, validRound: 1 },
      { type: "scheduleTimeout", round: 2, step: "propose" },
    ],
    expectedState: { round: 2, step: "propose" },
  },
  {
    desc: "L21: StartRound as non-proposer schedules OnTimeoutPropose",
    state: createRoundState(1),
    input: { type: "newRound", round: 0, isProposer: false },
    expectedOutputs: [{ type: "scheduleTimeout", round: 0, step: "propose" }],
  },
  {
    desc: "L22-L24: valid proposal, not locked → prevote id(v)",
    state: at({}),
    input: { type: "proposal", valueId: V, valid: true },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 0, valueId: V }],
    expectedState: { step: "prevote" },
  },
  {
    desc: "L22-L26: invalid proposal → prevote nil",
    state: at({}),
    input: { type: "proposal", valueId: V, valid: false },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 0, valueId: null }],
    expectedState: { step: "prevote" },
  },
  {
    desc: "L23: locked on another value → prevote nil (the lock)",
    state: at({ round: 2, lockedValue: W, lockedRound: 1 }),
    input: { type: "proposal", valueId: V, valid: true },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 2, valueId: null }],
  },
  {
    desc: "L23: locked on the same value → prevote it",
    state: at({ round: 2, lockedValue: V, lockedRound: 1 }),
    input: { type: "proposal", valueId: V, valid: true },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 2, valueId: V }],
  },
  {
    desc: "broken variant ignoreLock: locked on another value but prevotes the proposal",
    state: at({ round: 2, lockedValue: W, lockedRound: 1 }),
    input: { type: "proposal", valueId: V, valid: true },
    ignoreLock: true,
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 2, valueId: V }],
  },
  {
    desc: "L22: a proposal after the propose step changes nothing",
    state: at({ step: "prevote" }),
    input: { type: "proposal", valueId: V, valid: true },
    expectedOutputs: [],
  },
  {
    desc: "L28-L30: unlock on a higher polka — locked in round 1, proposal with vr=2 and its polka → prevote v",
    state: at({ round: 3, lockedValue: W, lockedRound: 1 }),
    input: { type: "proposalAndPolkaPrevious", valueId: V, validRound: 2, valid: true },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 3, valueId: V }],
  },
  {
    desc: "L29: locked in a round above vr on another value → prevote nil",
    state: at({ round: 3, lockedValue: W, lockedRound: 2 }),
    input: { type: "proposalAndPolkaPrevious", valueId: V, validRound: 1, valid: true },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 3, valueId: null }],
  },
  {
    desc: "L28: vr must be below the current round",
    state: at({ round: 2 }),
    input: { type: "proposalAndPolkaPrevious", valueId: V, validRound: 2, valid: true },
    expectedOutputs: [],
  },
  {
    desc: "L34-L35: 2f+1 prevotes of any kind in step prevote → schedule timeoutPrevote",
    state: at({ step: "prevote" }),
    input: { type: "polkaAny" },
    expectedOutputs: [{ type: "scheduleTimeout", round: 0, step: "prevote" }],
  },
  {
    desc: "L36-L43: polka for the proposal in step prevote → lock, precommit, validValue",
    state: at({ round: 1, step: "prevote" }),
    input: { type: "proposalAndPolkaCurrent", valueId: V },
    expectedOutputs: [{ type: "vote", voteType: "precommit", round: 1, valueId: V }],
    expectedState: { step: "precommit", lockedValue: V, lockedRound: 1, validValue: V, validRound: 1 },
  },
  {
    desc: "L36, L42-L43: polka seen in step precommit → only validValue/validRound change",
    state: at({ round: 1, step: "precommit", lockedValue: W, lockedRound: 0 }),
    input: { type: "proposalAndPolkaCurrent", valueId: V },
    expectedOutputs: [],
    expectedState: { step: "precommit", lockedValue: W, lockedRound: 0, validValue: V, validRound: 1 },
  },
  {
    desc: "L36: not in step propose",
    state: at({}),
    input: { type: "proposalAndPolkaCurrent", valueId: V },
    expectedOutputs: [],
    expectedState: { validValue: null },
  },
  {
    desc: "L44-L46: 2f+1 prevote nil → precommit nil, lock unchanged",
    state: at({ round: 2, step: "prevote", lockedValue: W, lockedRound: 1 }),
    input: { type: "polkaNil" },
    expectedOutputs: [{ type: "vote", voteType: "precommit", round: 2, valueId: null }],
    expectedState: { step: "precommit", lockedValue: W, lockedRound: 1 },
  },
  {
    desc: "L47-L48: 2f+1 precommits of any kind → schedule timeoutPrecommit",
    state: at({ step: "precommit" }),
    input: { type: "precommitAny" },
    expectedOutputs: [{ type: "scheduleTimeout", round: 0, step: "precommit" }],
  },
  {
    desc: "L49-L54: proposal and 2f+1 precommits for it (any round) → decide",
    state: at({ round: 3, step: "prevote" }),
    input: { type: "proposalAndPrecommitValue", round: 1, valueId: V },
    expectedOutputs: [{ type: "decide", round: 1, valueId: V }],
    expectedState: { step: "commit", decision: V },
  },
  {
    desc: "L55-L56: f+1 messages of a higher round → StartRound(round)",
    state: at({ round: 1, step: "prevote" }),
    input: { type: "skipRound", round: 4 },
    expectedOutputs: [{ type: "newRound", round: 4 }],
  },
  {
    desc: "L55: a lower or equal round is no skip",
    state: at({ round: 4 }),
    input: { type: "skipRound", round: 4 },
    expectedOutputs: [],
  },
  {
    desc: "L57-L60: timeoutPropose in step propose → prevote nil",
    state: at({ round: 2 }),
    input: { type: "timeoutPropose", round: 2 },
    expectedOutputs: [{ type: "vote", voteType: "prevote", round: 2, valueId: null }],
    expectedState: { step: "prevote" },
  },
  {
    desc: "L57: a stale timeoutPropose (other round) is ignored",
    state: at({ round: 2 }),
    input: { type: "timeoutPropose", round: 1 },
    expectedOutputs: [],
  },
  {
    desc: "L61-L64: timeoutPrevote in step prevote → precommit nil",
    state: at({ round: 2, step: "prevote" }),
    input: { type: "timeoutPrevote", round: 2 },
    expectedOutputs: [{ type: "vote", voteType: "precommit", round: 2, valueId: null }],
    expectedState: { step: "precommit" },
  },
  {
    desc: "L65-L67: timeoutPrecommit → StartRound(round + 1)",
    state: at({ round: 2, step: "precommit" }),
    input: { type: "timeoutPrecommit", round: 2 },
    expectedOutputs: [{ type: "newRound", round: 3 }],
  },
  {
    desc: "after a decision nothing moves",
    state: at({ step: "commit", decision: V }),
    input: { type: "timeoutPrecommit", round: 0 },
    expectedOutputs: [],
  },
];

describe("applyRound (Algorithm 1)", () => {
  for (const c of cases) {
    it(c.desc, () => {
      const { state, outputs } = applyRound(c.state, c.input, c.ignoreLock === true ? { ignoreLock: true } : {});
      assert.deepEqual(outputs, c.expectedOutputs);
      if (c.expectedState !== undefined) {
        for (const [k, v] of Object.entries(c.expectedState)) assert.deepEqual(state[k as keyof RoundState], v, k);
      }
    });
  }

  it("is pure: the input state is not mutated", () => {
    const s = at({ round: 1, step: "prevote" });
    const copy = structuredClone(s);
    applyRound(s, { type: "proposalAndPolkaCurrent", valueId: V });
    assert.deepEqual(s, copy);
  });
});
