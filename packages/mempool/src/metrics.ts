// The pool's Prometheus series: the original design's meters and gauges.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * The original design's meters and gauges as Prometheus series, `eigen_mempool_<name>_<unit>`.
 * Meters of geth's pool (`legacypool.go`) map one to one: pending/queued discard, replace,
 * ratelimit, nofunds; known, valid, invalid, underpriced, overflow. Gauges: pending, queued, local,
 * slots; batch size, batch count, parallelizable. The recovery queue reports length, drops, wait
 * and job time (STYLE.md §6).
 */
export function createMempoolMetrics(register: Registry) {
  const registers = [register];
  const counter = (name: string, help: string) => new Counter({ name: `eigen_mempool_${name}_total`, help, registers });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers });
  return {
    pendingDiscard: counter("pending_discard", "Pending transactions dropped (stale nonce or gas limit)"),
    pendingReplace: counter("pending_replace", "Pending transactions replaced by a higher-priced one"),
    pendingRateLimit: counter("pending_ratelimit", "Pending transactions dropped to make room (pool full)"),
    pendingNofunds: counter("pending_nofunds", "Pending transactions dropped for insufficient funds"),
    queuedDiscard: counter("queued_discard", "Queued transactions dropped (stale nonce, gas limit or lifetime)"),
    queuedReplace: counter("queued_replace", "Queued transactions replaced by a higher-priced one"),
    queuedRateLimit: counter("queued_ratelimit", "Queued transactions dropped to make room (pool full)"),
    queuedNofunds: counter("queued_nofunds", "Queued transactions dropped for insufficient funds"),
    known: counter("known", "Transactions refused as already known"),
    valid: counter("valid", "Transactions admitted"),
    invalid: new Counter({
      name: "eigen_mempool_invalid_total",
      help: "Transactions refused, by error code",
      labelNames: ["code"] as const,
      registers,
    }),
    underpriced: counter("underpriced", "Transactions refused as underpriced"),
    overflow: counter("overflow", "Transactions refused because the pool is full"),
    pending: gauge("eigen_mempool_pending_transactions", "Executable transactions"),
    queued: gauge("eigen_mempool_queued_transactions", "Nonce-gapped transactions"),
    local: gauge("eigen_mempool_local_transactions", "Transactions submitted through this node"),
    slots: gauge("eigen_mempool_used_slots", "32 KiB slots in use"),
    batchSize: new Histogram({
      name: "eigen_mempool_batch_size_transactions",
      help: "Transactions per batch of the last selections",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    batchCount: gauge("eigen_mempool_batch_count_batches", "Batches in the last selection"),
    parallelizable: gauge("eigen_mempool_parallelizable_transactions", "Pooled transactions not isolated by tag or type"),
    selectSeconds: new Histogram({
      name: "eigen_mempool_select_seconds",
      help: "Time to build a block selection",
      buckets: [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5],
      registers,
    }),
    recoveryQueue: gauge("eigen_mempool_recovery_queue_jobs", "Sender recoveries waiting for a worker"),
    recoveryDropped: counter("recovery_dropped", "Transactions refused because the recovery queue was full"),
    recoveryWaitSeconds: new Histogram({
      name: "eigen_mempool_recovery_wait_seconds",
      help: "Time a recovery batch waited for a worker",
      buckets: [0.0001, 0.001, 0.005, 0.02, 0.1, 0.5],
      registers,
    }),
    recoveryJobSeconds: new Histogram({
      name: "eigen_mempool_recovery_job_seconds",
      help: "Time a recovery batch ran on a worker (round trip)",
      buckets: [0.0001, 0.001, 0.005, 0.02, 0.1, 0.5],
      registers,
    }),
  };
}

export type MempoolMetrics = ReturnType<typeof createMempoolMetrics>;
