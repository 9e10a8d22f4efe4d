// Typed errors of the p2p package (EigenError with P2P_* codes).
import { EigenError } from "@eigenchain/chain";

export type ReqRespLimitName = "maxRequestBytes" | "maxItems" | "maxItemBytes" | "maxResponseBytes";

export type P2PErrorType =
  | { code: "P2P_KEY_FILE_PERMISSIONS"; path: string; mode: number }
  | { code: "P2P_KEY_FILE_INVALID"; path: string }
  | { code: "P2P_UNKNOWN_TOPIC"; topic: string }
  | { code: "P2P_GOSSIP_TOO_LARGE"; topic: string; bytes: number; maxBytes: number }
  | { code: "P2P_NOT_STARTED" }
  | { code: "P2P_INVALID_MULTIADDR"; address: string }
  | { code: "P2P_INVALID_PEER_ID"; peer: string }
  | { code: "P2P_DUPLICATE_HANDLER"; protocol: string }
  | { code: "P2P_REQRESP_LIMIT"; protocol: string; limit: ReqRespLimitName }
  | { code: "P2P_REQRESP_TIMEOUT"; protocol: string; timeoutMs: number }
  | { code: "P2P_REQRESP_DIAL_FAILED"; protocol: string; peer: string }
  | { code: "P2P_REQRESP_STREAM_FAILED"; protocol: string; peer: string }
  | { code: "P2P_REQRESP_TRUNCATED"; protocol: string };

export type P2PErrorCode = P2PErrorType["code"];
export type P2PError = EigenError<P2PErrorType>;

export function createP2PError(type: P2PErrorType, message: string, cause?: unknown): P2PError {
  return new EigenError<P2PErrorType>(type, message, cause === undefined ? undefined : { cause });
}
