// The consensus package's error codes and the result type of checks on untrusted data.
import { EigenError } from "@eigenchain/chain";

export type ConsensusErrorType =
  | { code: "CONSENSUS_KEY_FILE_PERMISSIONS"; path: string; mode: number }
  | { code: "CONSENSUS_KEY_FILE_INVALID"; path: string }
  | { code: "CONSENSUS_KEY_FILE_EXISTS"; path: string }
  /** The key path is a symbolic link: the secret is never written through one. */
  | { code: "CONSENSUS_KEY_FILE_UNSAFE"; path: string }
  | { code: "CONSENSUS_WAL_CORRUPT"; path: string; offset: number }
  | { code: "CONSENSUS_CERTIFICATE_INPUT"; reason: string };

export type ConsensusErrorCode = ConsensusErrorType["code"];
export type ConsensusError = EigenError<ConsensusErrorType>;

export function createConsensusError(type: ConsensusErrorType, message: string, cause?: unknown): ConsensusError {
  return new EigenError<ConsensusErrorType>(type, message, cause === undefined ? undefined : { cause });
}

/** Result of checking untrusted consensus data (certificates, evidence): hot paths return, never throw. */
export type VerifyResult = { status: "valid" } | { status: "invalid"; reason: string };
