import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createExecutorMetrics } from "../../src/index.js";
import { observeBlock } from "../../src/metrics.js";

describe("executor metrics", () => {
  it("record outcome by mode and fallback reason, conflicts, distances, phases and parallel vs estimate", async () => {
    const register = new Registry();
    const metrics = createExecutorMetrics(register);
    const phases = { recoveryMs: 10, scheduleMs: 1, executeMs: 100, validateMs: 5, reexecuteMs: 20, rootMs: 30, receiptsMs: 4 };
    const timeline = [
      { worker: 0, index: 0, incarnation: 0, startMs: 1000, endMs: 1080 },
      { worker: 1, index: 1, incarnation: 0, startMs: 1000, endMs: 1070 },
      { worker: -1, index: 1, incarnation: 1, startMs: 1080, endMs: 1110 },
    ];
    observeBlock(
      metrics,
      {
        mode: "parallel",
        workers: 2,
        executionMs: 111,
        rootMs: 30,
        conflicts: 3,
        reexecutions: 3,
        dependencyDistances: [1, 5, 40],
        phases,
        sequentialEstimateMs: 180,
        timeline,
      },
      100,
    );
    observeBlock(
      metrics,
      { mode: "fallback", fallbackReason: "serial-senders", workers: 2, executionMs: 50, rootMs: 5, conflicts: 0, reexecutions: 0, phases },
      40,
    );
    const text = await register.metrics();
    assert.match(text, /eigen_executor_blocks_total\{mode="parallel",reason="none"\} 1/);
    assert.match(text, /eigen_executor_blocks_total\{mode="fallback",reason="serial-senders"\} 1/);
    assert.match(text, /eigen_executor_conflicts_total 3/);
    assert.match(text, /eigen_executor_reexecutions_total 3/);
    assert.match(text, /eigen_executor_transactions_total 140/);
    assert.match(text, /eigen_executor_conflict_distance_transactions_bucket\{le="1"\} 1/);
    assert.match(text, /eigen_executor_conflict_distance_transactions_bucket\{le="8"\} 2/);
    assert.match(text, /eigen_executor_conflict_distance_transactions_count 3/);
    assert.match(text, /eigen_executor_block_phase_seconds_count\{phase="recovery"\} 2/);
    assert.match(text, /eigen_executor_sequential_estimate_seconds_sum 0.18/);
    assert.match(text, /eigen_executor_parallel_execution_seconds_sum 0.1\b/);
    assert.match(text, /eigen_executor_speedup_ratio 1.8/);
    // Workers 0 and 1 busy 80 + 70 ms of 2 x 100 ms; the coordinator's re-execution is counted apart.
    assert.match(text, /eigen_executor_worker_utilization_ratio 0.75/);
    assert.match(text, /eigen_executor_worker_busy_seconds_total\{worker="0"\} 0.08/);
    assert.match(text, /eigen_executor_worker_busy_seconds_total\{worker="-1"\} 0.03/);
  });
});
