// Sender recovery's jobs, results and their packed layout.
/** One signature to recover: 32-byte message hash, 32-byte r and s, recovery id 0 or 1. */
export interface RecoveryJob {
  msgHash: Uint8Array;
  r: Uint8Array;
  s: Uint8Array;
  recovery: number;
}

/** Per-item result, as every worker pool in EIGENChain reports it (STYLE.md §3). */
export type RecoveryResult = { code: "success"; result: Uint8Array } | { code: "error"; error: string };

export type EcrecoverBackend = "native" | "js";

/** Bytes per packed job: hash, r, s, recovery id. */
export const JOB_BYTES = 97;
/** Bytes per packed result: status (1 = ok), 64-byte uncompressed public key without the 0x04 prefix. */
export const RESULT_BYTES = 65;

/** Worker request: `count` jobs packed back to back in `jobs` (transferred, not copied). */
export interface WorkerRequest {
  id: number;
  jobs: Uint8Array;
  count: number;
}

/** Worker reply: packed results in job order, or one error for the whole batch. */
export type WorkerResponse = { id: number; code: "success"; results: Uint8Array } | { id: number; code: "error"; error: string };
