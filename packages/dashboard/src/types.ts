// Shapes of the JSON-RPC answers the dashboard reads (eth_getBlockByNumber, eigen_getBlockExecution, …).

export interface RpcTransaction {
  hash: string;
  from: string;
  to: string | null;
  value: string;
  nonce: string;
  gas: string;
  input: string;
  type: string;
}

export interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  gasUsed: string;
  miner: string;
  transactions: RpcTransaction[];
}

export interface TimelineEntry {
  transactionHash: string;
  transactionIndex: number | null;
  worker: number;
  incarnation: number;
  startMs: number;
  endMs: number;
}

export interface BlockExecution {
  number: string;
  hash: string;
  mode: "sequential" | "parallel" | "fallback";
  fallbackReason: string | null;
  workers: number;
  builtHere: boolean;
  executionMs: number;
  parallelMs: number;
  sequentialEstimateMs: number | null;
  speedup: number | null;
  rootMs: number;
  conflicts: number;
  reexecutions: number;
  batches: { id: string; transactions: string[]; included: boolean[] }[] | null;
  startedAt: number | null;
  timeline: TimelineEntry[];
}

export interface ParallelStats {
  parallelizable: number;
  sequential: number;
  pending: number;
  queued: number;
  batchSize: number;
  lastBatchSizes: number[];
}

export interface Validators {
  totalVotingPower: string;
  validators: { index: number; address: string; votingPower: string }[];
}

export interface CommitCertificate {
  height: string;
  round: string;
  blockHash: string;
  signers: string;
}

export interface PeersInfo {
  peerId: string | null;
  validator: string | null;
  peerCount: number;
  peers: { peerId: string; score: number; addresses: string[] }[];
}
