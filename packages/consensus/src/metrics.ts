// Prometheus metrics of consensus, `eigen_consensus_<name>_<unit>`, fed by the node's consensus host.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { Step, Timeout, VoteType } from "./core/types.js";

const STEP_CODES: Record<Step, number> = { unstarted: 0, propose: 1, prevote: 2, precommit: 3, commit: 4 };

/** Where a record of duplicate-vote evidence came from: this node's vote keeper, or a peer. */
export type EvidenceSource = "local" | "gossip";

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
  const stepDuration = new Histogram({
    name: "eigen_consensus_step_duration_seconds",
    help: "Time spent in each step of a round, observed when the step ends",
    labelNames: ["step"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const votesReceived = new Counter({
    name: "eigen_consensus_votes_received_total",
    help: "Votes for the height being decided received from peers, by type",
    labelNames: ["type"] as const,
    registers,
  });
  const timeouts = new Counter({
    name: "eigen_consensus_timeouts_total",
    help: "Timeouts fired, by step",
    labelNames: ["step"] as const,
    registers,
  });
  const proposalsMissed = new Counter({
    name: "eigen_consensus_proposals_missed_total",
    help: "Rounds whose propose timeout fired before a valid proposal arrived (the proposer was slow, down or wrong)",
    registers,
  });
  const roundsPerHeight = new Histogram({
    name: "eigen_consensus_height_rounds",
    help: "Rounds a committed height needed (decision round + 1)",
    buckets: [1, 2, 3, 4, 6, 8, 12, 16],
    registers,
  });
  const evidence = new Counter({
    name: "eigen_consensus_evidence_total",
    help: "Duplicate-vote evidence newly verified and stored, by source (local: this node's vote keeper; gossip: a peer)",
    labelNames: ["source"] as const,
    registers,
  });
  const duplicateProposals = new Counter({
    name: "eigen_consensus_duplicate_proposals_total",
    help: "Rounds in which the proposer signed a second, different proposal (seen by this node; logged, not evidence)",
    registers,
  });
  // Step durations: the step the driver is in and when it entered it.
  let current: { key: string; step: Step; since: number } | null = null;
  return {
    height,
    round,
    step,
    stepDuration,
    votesReceived,
    timeouts,
    proposalsMissed,
    roundsPerHeight,
    evidence,
    duplicateProposals,
    /** Sets the height, round and step gauges from the driver's state; a step change ends the step's timer. */
    setState(state: { height: number; round: number; step: Step }): void {
      height.set(state.height);
      round.set(Math.max(0, state.round));
      step.set(STEP_CODES[state.step]);
      const key = `${state.height}/${state.round}/${state.step}`;
      if (current?.key === key) return;
      const now = performance.now();
      if (current !== null && current.step !== "unstarted") stepDuration.observe({ step: current.step }, (now - current.since) / 1000);
      current = { key, step: state.step, since: now };
    },
    onVote(type: VoteType): void {
      votesReceived.inc({ type });
    },
    /** A timeout fired; `state` is where the driver is, so a propose timeout still in its round is a missed proposal. */
    onTimeout(timeout: Timeout, state: { height: number; round: number; step: Step } | undefined): void {
      timeouts.inc({ step: timeout.step });
      const stillWaiting =
        state !== undefined && state.height === timeout.height && state.round === timeout.round && state.step === "propose";
      if (timeout.step === "propose" && stillWaiting) proposalsMissed.inc();
    },
    onEvidence(source: EvidenceSource): void {
      evidence.inc({ source });
    },
    onDuplicateProposal(): void {
      duplicateProposals.inc();
    },
  };
}

export type ConsensusMetrics = ReturnType<typeof createConsensusMetrics>;
