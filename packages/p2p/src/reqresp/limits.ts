// Default req/resp limits and timeouts.
import type { ReqRespLimits } from "../interface.js";

export const DEFAULT_REQRESP_LIMITS: Readonly<ReqRespLimits> = Object.freeze({
  maxRequestBytes: 1024,
  maxItems: 128,
  maxItemBytes: 8 * 1024 * 1024,
  maxResponseBytes: 32 * 1024 * 1024,
});

/** Client default for a whole exchange, dial included. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Server: how long a peer may take to send its request. */
export const SERVER_READ_TIMEOUT_MS = 10_000;
/** Server: cap on one exchange (handler plus writing), after which the stream is aborted. */
export const SERVER_EXCHANGE_TIMEOUT_MS = 60_000;

export function resolveLimits(limits: Partial<ReqRespLimits> | undefined): ReqRespLimits {
  return { ...DEFAULT_REQRESP_LIMITS, ...limits };
}
