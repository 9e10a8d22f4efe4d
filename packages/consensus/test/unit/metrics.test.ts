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
    m.timeouts.inc({ step: "propose" });
    m.roundsPerHeight.observe(3);
    m.equivocations.inc();
    const text = await register.metrics();
    for (const name of [
      "eigen_consensus_height_number 12",
      "eigen_consensus_round_number 2",
      "eigen_consensus_step_code 3",
      'eigen_consensus_votes_received_total{type="prevote"} 1',
      'eigen_consensus_timeouts_total{step="propose"} 1',
      "eigen_consensus_rounds_per_height_count_bucket",
      "eigen_consensus_equivocations_total 1",
    ]) {
      assert.ok(text.includes(name), name);
    }
    for (const line of text.split("\n").filter((l) => l.startsWith("# TYPE"))) {
      assert.match(line, /^# TYPE eigen_consensus_[a-z_]+_(number|code|total|count) /);
    }
  });
});
