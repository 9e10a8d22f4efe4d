// The executor's Prometheus series and how a block's stats feed them.

import type { Registry } from "prom-client";
import { Counter, Gauge, Histogram } from "prom-client";
import type { ExecutionStats } from "./interface.js";

/** Bounded values of the `reason` label (ExecutionStats.fallbackReason, or "none"). */
const FALLBACK_REASONS = ["none", "small-block", "serial-senders", "static-conflicts", "conflict-rate"] as const;

/** Prometheus series of the executor (`eigen_executor_<name>_<unit>`). */
export function createExecutorMetrics(register: Registry) {
  const registers = [register];
  const secondsBuckets = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    blockExecution: new Histogram({
      name: "eigen_executor_block_execution_seconds",
      help: "Time to execute a block's transactions (excluding the state root)",
      labelNames: ["mode"] as const,
      buckets: secondsBuckets,
      registers,
    }),
    stateRoot: new Histogram({
      name: "eigen_executor_state_root_seconds",
      help: "Time to hash a block's state changes into the state root",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    phase: new Histogram({
      name: "eigen_executor_block_phase_seconds",
      help: "Where a block's time went: recovery, schedule, execute, validate, reexecute, root, receipts",
      labelNames: ["phase"] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    sequentialEstimate: new Histogram({
      name: "eigen_executor_sequential_estimate_seconds",
      help: "Parallel blocks: sum of the per-transaction execution times (what one thread would have spent)",
      buckets: secondsBuckets,
      registers,
    }),
    parallelExecution: new Histogram({
      name: "eigen_executor_parallel_execution_seconds",
      help: "Parallel blocks: wall-clock time of the parallel execution phase",
      buckets: secondsBuckets,
      registers,
    }),
    speedup: new Gauge({
      name: "eigen_executor_speedup_ratio",
      help: "Last parallel block: sequential estimate divided by the parallel execution phase",
      registers,
    }),
    workerUtilization: new Gauge({
      name: "eigen_executor_worker_utilization_ratio",
      help: "Last parallel block: time the workers spent executing transactions over workers x the parallel execution phase",
      registers,
    }),
    workerBusy: new Counter({
      name: "eigen_executor_worker_busy_seconds_total",
      help: "Time each worker spent executing transactions (worker -1: the coordinating thread's re-executions)",
      labelNames: ["worker"] as const,
      registers,
    }),
    transactions: new Counter({ name: "eigen_executor_transactions_total", help: "Transactions executed in blocks", registers }),
    conflicts: new Counter({ name: "eigen_executor_conflicts_total", help: "Parallel validations that found a stale read", registers }),
    reexecutions: new Counter({ name: "eigen_executor_reexecutions_total", help: "Transactions executed more than once", registers }),
    dependencyDistance: new Histogram({
      name: "eigen_executor_conflict_distance_transactions",
      help: "For each conflict: how many transactions back the stale read's writer was",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    }),
    blocks: new Counter({
      name: "eigen_executor_blocks_total",
      help: "Blocks executed, by mode (sequential, parallel, fallback) and fallback reason",
      labelNames: ["mode", "reason"] as const,
      registers,
    }),
  };
}

export type ExecutorMetrics = ReturnType<typeof createExecutorMetrics>;

export function observeBlock(metrics: ExecutorMetrics | null | undefined, stats: ExecutionStats, txs: number): void {
  if (metrics === null || metrics === undefined) return;
  metrics.blockExecution.observe({ mode: stats.mode }, stats.executionMs / 1000);
  metrics.stateRoot.observe(stats.rootMs / 1000);
  metrics.transactions.inc(txs);
  metrics.conflicts.inc(stats.conflicts);
  metrics.reexecutions.inc(stats.reexecutions);
  const reason = (FALLBACK_REASONS as readonly string[]).includes(stats.fallbackReason ?? "none")
    ? (stats.fallbackReason ?? "none")
    : "other";
  metrics.blocks.inc({ mode: stats.mode, reason });
  for (const d of stats.dependencyDistances ?? []) metrics.dependencyDistance.observe(d);
  const p = stats.phases;
  if (p !== undefined) {
    metrics.phase.observe({ phase: "recovery" }, p.recoveryMs / 1000);
    metrics.phase.observe({ phase: "schedule" }, p.scheduleMs / 1000);
    metrics.phase.observe({ phase: "execute" }, p.executeMs / 1000);
    metrics.phase.observe({ phase: "validate" }, p.validateMs / 1000);
    metrics.phase.observe({ phase: "reexecute" }, p.reexecuteMs / 1000);
    metrics.phase.observe({ phase: "root" }, p.rootMs / 1000);
    metrics.phase.observe({ phase: "receipts" }, p.receiptsMs / 1000);
  }
  if (stats.mode === "parallel" && stats.sequentialEstimateMs !== undefined && p !== undefined) {
    metrics.sequentialEstimate.observe(stats.sequentialEstimateMs / 1000);
    metrics.parallelExecution.observe(p.executeMs / 1000);
    if (p.executeMs > 0) metrics.speedup.set(stats.sequentialEstimateMs / p.executeMs);
    observeWorkers(metrics, stats, p.executeMs);
  }
}

/** Busy time per worker from the block's timeline, and the workers' share of the parallel phase. */
function observeWorkers(metrics: ExecutorMetrics, stats: ExecutionStats, executeMs: number): void {
  const busy = new Map<number, number>();
  for (const t of stats.timeline ?? []) busy.set(t.worker, (busy.get(t.worker) ?? 0) + Math.max(0, t.endMs - t.startMs));
  let workersMs = 0;
  for (const [worker, ms] of busy) {
    metrics.workerBusy.inc({ worker: String(worker) }, ms / 1000);
    if (worker >= 0) workersMs += ms;
  }
  if (executeMs > 0 && stats.workers > 0) metrics.workerUtilization.set(Math.min(1, workersMs / (stats.workers * executeMs)));
}
