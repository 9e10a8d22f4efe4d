import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createConsensusMetrics } from "../../src/index.js";

describe("consensus metrics", () => {
  it("registers eigen_consensus_<name>_<unit> series and updates them", async () => {
    const register = new Registry();
    const m = createConsensusMetrics(register);
    m.setState({ height: 12, round: 2, step: "precommit" });
    m.onVote("prevote");
    m.timeouts.inc({ step: "prevote" });
    m.roundsPerHeight.observe(3);
    m.onEvidence("gossip");
    m.onDuplicateProposal();
    const text = await register.metrics();
    for (const name of [
      "eigen_consensus_height_number 12",
      "eigen_consensus_round_number 2",
      "eigen_consensus_step_code 3",
      'eigen_consensus_votes_received_total{type="prevote"} 1',
      'eigen_consensus_timeouts_total{step="prevote"} 1',
      'eigen_consensus_height_rounds_bucket{le="3"} 1',
      'eigen_consensus_evidence_total{source="gossip"} 1',
      "eigen_consensus_duplicate_proposals_total 1",
    ]) {
      assert.ok(text.includes(name), name);
    }
    for (const line of text.split("\n").filter((l) => l.startsWith("# TYPE"))) {
      assert.match(line, /^# TYPE eigen_consensus_[a-z_]+_(number|code|total|rounds|seconds) /);
    }
  });

  it("times each step when the driver leaves it", async () => {
    const register = new Registry();
    const m = createConsensusMetrics(register);
    m.setState({ height: 1, round: 0, step: "propose" });
    m.setState({ height: 1, round: 0, step: "propose" }); // no change: still timing propose
    await new Promise((r) => setTimeout(r, 20));
    m.setState({ height: 1, round: 0, step: "prevote" });
    m.setState({ height: 1, round: 0, step: "precommit" });
    const text = await register.metrics();
    assert.match(text, /eigen_consensus_step_duration_seconds_count\{step="propose"\} 1/);
    assert.match(text, /eigen_consensus_step_duration_seconds_count\{step="prevote"\} 1/);
    assert.doesNotMatch(text, /eigen_consensus_step_duration_seconds_count\{step="precommit"\}/);
    const sum = Number(/eigen_consensus_step_duration_seconds_sum\{step="propose"\} ([\d.e-]+)/.exec(text)?.[1]);
    assert.ok(sum >= 0.015, `propose lasted ${sum} s`);
  });

  it("counts a propose timeout as a missed proposal only while the round still waits for one", async () => {
    const register = new Registry();
    const m = createConsensusMetrics(register);
    const timeout = { height: 5, round: 1, step: "propose" } as const;
    m.onTimeout(timeout, { height: 5, round: 1, step: "propose" });
    m.onTimeout(timeout, { height: 5, round: 1, step: "prevote" }); // the proposal came in time: stale timer
    m.onTimeout(timeout, { height: 6, round: 0, step: "propose" }); // another height
    m.onTimeout({ height: 5, round: 1, step: "prevote" }, { height: 5, round: 1, step: "prevote" });
    const text = await register.metrics();
    assert.match(text, /eigen_consensus_proposals_missed_total 1\n/);
    assert.match(text, /eigen_consensus_timeouts_total\{step="propose"\} 3/);
    assert.match(text, /eigen_consensus_timeouts_total\{step="prevote"\} 1/);
  });
});
