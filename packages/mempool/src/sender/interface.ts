// The sender recoverer's contract with the pool.
import type { EcrecoverBackend, RecoveryJob, RecoveryResult } from "./types.js";

/** Recovers senders' public keys; the pool awaits it between decoding and admission. */
export interface SenderRecoverer {
  readonly backend: EcrecoverBackend;
  /** "main" runs on the calling thread; "worker" on a pool of worker threads. */
  readonly mode: "main" | "worker";
  recover(job: RecoveryJob): Promise<RecoveryResult>;
  /** False while the queue is past its bound: callers should slow down (gossip: ignore for now). */
  canAcceptWork(): boolean;
  /** Jobs waiting for a worker. */
  queueLength(): number;
  close(): Promise<void>;
}
