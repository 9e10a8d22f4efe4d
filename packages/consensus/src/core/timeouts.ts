// Timeouts per consensus step, growing linearly with the round.
import type { TimeoutStep } from "./types.js";

/** Timeouts grow linearly with the round so that, after GST, some round is long enough (paper §4, "timeout(r)"). */
export interface TimeoutConfig {
  proposeMs: number;
  proposeDeltaMs: number;
  prevoteMs: number;
  prevoteDeltaMs: number;
  precommitMs: number;
  precommitDeltaMs: number;
}

/** CometBFT's defaults (config.toml `timeout_propose` 3s + 500ms per round, prevote/precommit 1s + 500ms). */
export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  proposeMs: 3000,
  proposeDeltaMs: 500,
  prevoteMs: 1000,
  prevoteDeltaMs: 500,
  precommitMs: 1000,
  precommitDeltaMs: 500,
};

export function getTimeoutDuration(config: TimeoutConfig, step: TimeoutStep, round: number): number {
  switch (step) {
    case "propose":
      return config.proposeMs + round * config.proposeDeltaMs;
    case "prevote":
      return config.prevoteMs + round * config.prevoteDeltaMs;
    case "precommit":
      return config.precommitMs + round * config.precommitDeltaMs;
  }
}
