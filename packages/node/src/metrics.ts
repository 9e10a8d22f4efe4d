// The node's Prometheus series (eigen_node_*).
import type { Registry } from "prom-client";
import { Counter, Gauge, Histogram } from "prom-client";

/** The node's Prometheus series: `eigen_node_<name>_<unit>`, labels bounded (method names are the registered ones). */
export function createNodeMetrics(register: Registry) {
  return {
    blocksProduced: new Counter({
      name: "eigen_node_blocks_produced_total",
      help: "Blocks this node produced and committed",
      registers: [register],
    }),
    blockHeight: new Gauge({
      name: "eigen_node_block_height",
      help: "Number of the latest committed block",
      registers: [register],
    }),
    blockTransactions: new Histogram({
      name: "eigen_node_block_transactions",
      help: "Transactions per produced block",
      buckets: [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [register],
    }),
    blockProductionSeconds: new Histogram({
      name: "eigen_node_block_production_seconds",
      help: "Time to select, execute and commit one block",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [register],
    }),
    rpcRequests: new Counter({
      name: "eigen_node_rpc_requests_total",
      help: "JSON-RPC requests by method and JSON-RPC result code (0 = success)",
      labelNames: ["method", "code"] as const,
      registers: [register],
    }),
    rpcRequestSeconds: new Histogram({
      name: "eigen_node_rpc_request_duration_seconds",
      help: "JSON-RPC request handling time by method",
      labelNames: ["method"] as const,
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [register],
    }),
    wsConnections: new Gauge({
      name: "eigen_node_ws_connections",
      help: "Open WebSocket connections",
      registers: [register],
    }),
    wsSlowConsumersDropped: new Counter({
      name: "eigen_node_ws_slow_consumers_dropped_total",
      help: "WebSocket connections closed because their send buffer passed the limit",
      registers: [register],
    }),
    rpcHeavyQueueLength: new Gauge({
      name: "eigen_node_rpc_heavy_queue_length",
      help: "Heavy JSON-RPC requests (calls, gas estimates, log queries, dry runs) waiting for a slot",
      registers: [register],
    }),
    rpcHeavyDropped: new Counter({
      name: "eigen_node_rpc_heavy_dropped_total",
      help: "Heavy JSON-RPC requests refused as busy because the queue was full",
      registers: [register],
    }),
    rpcHeavyWaitSeconds: new Histogram({
      name: "eigen_node_rpc_heavy_wait_seconds",
      help: "Time a heavy JSON-RPC request waited in the queue",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers: [register],
    }),
    syncPeerHead: new Gauge({
      name: "eigen_node_sync_peer_head_number",
      help: "Highest head a peer reported at the last block-sync poll",
      registers: [register],
    }),
    syncBehind: new Gauge({
      name: "eigen_node_sync_behind_blocks",
      help: "How many blocks the best peer is ahead of this node (0: caught up)",
      registers: [register],
    }),
    syncImported: new Counter({
      name: "eigen_node_sync_imported_blocks_total",
      help: "Blocks fetched from peers by block sync, checked and committed",
      registers: [register],
    }),
    syncCatchups: new Counter({
      name: "eigen_node_sync_catchups_total",
      help: "Catch-ups started because a peer was ahead",
      registers: [register],
    }),
    rpcHeavyJobSeconds: new Histogram({
      name: "eigen_node_rpc_heavy_job_seconds",
      help: "Time a heavy JSON-RPC request ran once it had a slot",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10],
      registers: [register],
    }),
  };
}

export type NodeMetrics = ReturnType<typeof createNodeMetrics>;
