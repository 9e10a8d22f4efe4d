import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Step, VoteType } from "./core/types.js";

const STEP_CODES: Record<Step, number> = { unstarted: 0, propose: 1, prevote: 2, precommit: 3, commit: 4 };

/** Consensus metrics, `eigen_consensus_<name>_<unit>`; pass `null` where metrics are off. */
export function createConsensusMetrics(register: Registry) {
  const registers = [register];
  const height = new Gauge({ name: "eigen_consensus_height_number", help: "Height being decided", registers });
  const round = new Gauge({ name: "eigen_consensus_round_number", help: "Round of the current height", registers });
  const step = new Gauge({
    name: "eigen_consensus_step_code",
    help: "Step: 0 unstarted, 1 propose, 2 prevote, 3 precommit, 4 commit",
    registers,
  });
  const votesReceived = new Counter({
    name: "eigen_consensus_votes_received_total",
    help: "Votes accepted by the vote keeper, by type",
    labelNames: ["type"] as const,
    registers,
  });
  const timeouts = new Counter({
    name: "eigen_consensus_timeouts_total",
    help: "Timeouts fired, by step",
    labelNames: ["step"] as const,
    registers,
  });
  const roundsPerHeight = new Histogram({
    name: "eigen_consensus_rounds_per_height_count",
    help: "Rounds a height needed (decision round + 1)",
    buckets: [1, 2, 3, 4, 6, 8, 12, 16],
    registers,
  });
  const equivocations = new Counter({
    name: "eigen_consensus_equivocations_total",
    help: "Conflicting signed votes seen (duplicate-vote evidence)",
    registers,
  });
  return {
    height,
    round,
    step,
    votesReceived,
    timeouts,
    roundsPerHeight,
    equivocations,
    /** Sets the height, round and step gauges from the driver's state. */
    setState(state: { height: number; round: number; step: Step }): void {
      height.set(state.height);
      round.set(Math.max(0, state.round));
      step.set(STEP_CODES[state.step]);
    },
    onVote(type: VoteType): void {
      votesReceived.inc({ type });
    },
  };
}

export type ConsensusMetrics = ReturnType<typeof createConsensusMetrics>;
