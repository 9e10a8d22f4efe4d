import { Counter, Histogram } from "prom-client";
import type { Registry } from "prom-client";
import type { ExecutionStats } from "./interface.js";

/** Prometheus series of the executor (`eigen_executor_<name>_<unit>`). */
export function createExecutorMetrics(register: Registry) {
  const registers = [register];
  return {
    blockExecution: new Histogram({
      name: "eigen_executor_block_execution_seconds",
      help: "Time to execute a block's transactions (excluding the state root)",
      labelNames: ["mode"] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    stateRoot: new Histogram({
      name: "eigen_executor_state_root_seconds",
      help: "Time to hash a block's state changes into the state root",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    transactions: new Counter({ name: "eigen_executor_transactions_total", help: "Transactions executed in blocks", registers }),
    conflicts: new Counter({ name: "eigen_executor_conflicts_total", help: "Parallel validations that found a stale read", registers }),
    reexecutions: new Counter({ name: "eigen_executor_reexecutions_total", help: "Transactions executed more than once", registers }),
    blocks: new Counter({
      name: "eigen_executor_blocks_total",
      help: "Blocks executed, by mode (sequential, parallel, fallback)",
      labelNames: ["mode"] as const,
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
  metrics.blocks.inc({ mode: stats.mode });
}
