import type { TimeoutConfig, UnsafeOptions } from "../../src/index.js";
import { Prng } from "./prng.js";

export type FaultKind = "crash" | "byzantine" | "crashRestart";

export interface FaultPlan {
  node: number;
  kind: FaultKind;
  /** Virtual time of the crash (crash, crashRestart). */
  atMs?: number;
  /** Crash right before the node executes its k-th output (1-based), instead of at `atMs`. */
  afterOutputs?: number;
  /** How long a crashRestart node stays down. */
  downMs?: number;
}

export interface Partition {
  startMs: number;
  endMs: number;
  /** Group index of every node; nodes in different groups cannot talk meanwhile. */
  groupOf: number[];
}

export interface NetworkPlan {
  /** Before GST: probability a message is lost, duplicated; delays uniform in [1, maxDelayPreMs]. */
  lossPre: number;
  duplication: number;
  maxDelayPreMs: number;
  /** After GST every message arrives within maxDelayPostMs (the synchrony bound Δ). */
  maxDelayPostMs: number;
  partitions: Partition[];
}

export type WalKind = "memory" | "file";

export interface Scenario {
  seed: number;
  n: number;
  heights: number;
  gstMs: number;
  faults: FaultPlan[];
  network: NetworkPlan;
  timeouts: TimeoutConfig;
  /** Period of the re-gossip of own messages and of catch-up answers (see simulation.ts). */
  gossipIntervalMs: number;
  /** Give up (liveness failure) this long after GST. */
  livenessWindowMs: number;
  /** Every honest node runs the core with these (broken-variant tests). */
  unsafe?: UnsafeOptions;
  walKind?: WalKind;
  /** Directory for file WALs. */
  walDir?: string;
}

export const SIM_TIMEOUTS: TimeoutConfig = {
  proposeMs: 300,
  proposeDeltaMs: 100,
  prevoteMs: 200,
  prevoteDeltaMs: 100,
  precommitMs: 200,
  precommitDeltaMs: 100,
};

export const VALIDATOR_COUNTS = [4, 7, 10] as const;

/**
 * The scenario of one seed: n cycles through 4, 7 and 10 validators; up to f = (n-1)/3 of them crash
 * for good or are byzantine (equivocating); a few honest ones crash and restart from their WAL; the
 * network loses, duplicates, delays (hence reorders) and partitions messages until GST.
 */
export function createScenario(seed: number, overrides: Partial<Scenario> = {}): Scenario {
  const rng = new Prng(seed ^ 0x5eed);
  const n = overrides.n ?? VALIDATOR_COUNTS[seed % VALIDATOR_COUNTS.length] ?? 4;
  const f = Math.floor((n - 1) / 3);
  const gstMs = rng.range(500, 5000);
  const nodes = rng.shuffle([...Array(n).keys()]);
  const faultyCount = rng.chance(0.5) ? f : rng.int(f + 1);
  const faults: FaultPlan[] = [];
  for (let i = 0; i < faultyCount; i++) {
    const node = nodes[i] ?? 0;
    if (rng.chance(0.5)) faults.push({ node, kind: "byzantine" });
    else faults.push({ node, kind: "crash", atMs: rng.int(gstMs + 2000) });
  }
  const restarts = rng.int(3);
  for (let i = 0; i < restarts && faultyCount + i < n; i++) {
    const node = nodes[faultyCount + i] ?? 0;
    const atMs = rng.int(gstMs);
    faults.push({ node, kind: "crashRestart", atMs, downMs: rng.range(50, 2000) });
  }
  const partitions: Partition[] = [];
  if (rng.chance(0.5)) {
    const startMs = rng.int(gstMs);
    const endMs = startMs + rng.int(gstMs - startMs + 1);
    partitions.push({ startMs, endMs, groupOf: [...Array(n)].map(() => rng.int(2)) });
  }
  return {
    seed,
    n,
    heights: 3,
    gstMs,
    faults,
    network: {
      lossPre: rng.next() * 0.3,
      duplication: rng.next() * 0.1,
      maxDelayPreMs: rng.range(10, 1500),
      maxDelayPostMs: rng.range(5, 50),
      partitions,
    },
    timeouts: SIM_TIMEOUTS,
    gossipIntervalMs: 250,
    livenessWindowMs: 60_000,
    ...overrides,
  };
}

/**
 * A scenario tuned to expose lock bugs: 4 validators, one byzantine that votes for everything, a long
 * lossy asynchronous period and slow gossip, so locked validators often meet a fresh proposal in a later
 * round before they learn that someone decided. The correct core survives it; `ignoreLock` does not.
 */
export function createHostileScenario(seed: number, overrides: Partial<Scenario> = {}): Scenario {
  const base = createScenario(seed, { n: 4 });
  return {
    ...base,
    gstMs: 10_000,
    gossipIntervalMs: 2000,
    faults: [{ node: seed % 4, kind: "byzantine" }],
    network: { ...base.network, lossPre: 0.3, partitions: [] },
    ...overrides,
  };
}
