// Req/resp server side: reads one request frame, runs the handler, streams its items within the limits.
import type { Connection, Stream, StreamHandler } from "@libp2p/interface";
import type { P2PLogger, ReqRespLimits, RequestHandler } from "../interface.js";
import type { P2PMetrics, ReqRespOutcome } from "../metrics.js";
import { FrameReader } from "./frameReader.js";
import { SERVER_EXCHANGE_TIMEOUT_MS, SERVER_READ_TIMEOUT_MS } from "./limits.js";
import { encodeFrame } from "./varint.js";

export interface RequestServerOpts {
  protocol: string;
  limits: ReqRespLimits;
}

export interface RequestServerModules {
  handler: RequestHandler;
  logger: P2PLogger;
  metrics: P2PMetrics | null;
}

/** A failed exchange with the outcome to count. */
class ServeFailure extends Error {
  constructor(
    readonly outcome: ReqRespOutcome,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** The libp2p stream handler serving `opts.protocol`; a failed exchange resets the stream. */
export function createRequestStreamHandler(opts: RequestServerOpts, modules: RequestServerModules): StreamHandler {
  return async (stream: Stream, connection: Connection) => {
    const peer = connection.remotePeer.toString();
    const signal = AbortSignal.timeout(SERVER_EXCHANGE_TIMEOUT_MS);
    const onTimeout = () => stream.abort(new Error("req/resp exchange timed out"));
    signal.addEventListener("abort", onTimeout, { once: true });
    try {
      await serveRequest(stream, peer, signal, opts, modules);
      modules.metrics?.onRequest(opts.protocol, "server", "success");
    } catch (err) {
      modules.metrics?.onRequest(opts.protocol, "server", err instanceof ServeFailure ? err.outcome : "stream_error");
      modules.logger.debug("Req/resp request failed", { protocol: opts.protocol, peer }, err);
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      signal.removeEventListener("abort", onTimeout);
    }
  };
}

async function serveRequest(
  stream: Stream,
  peer: string,
  signal: AbortSignal,
  opts: RequestServerOpts,
  modules: RequestServerModules,
): Promise<void> {
  const { protocol, limits } = opts;
  const reader = new FrameReader(stream, limits.maxRequestBytes);
  const read = await reader.next(limits.maxRequestBytes, AbortSignal.any([signal, AbortSignal.timeout(SERVER_READ_TIMEOUT_MS)]));
  if (read.status !== "frame") throw new ServeFailure("bad_request", `bad request: ${read.status}`);
  modules.metrics?.onBytes(protocol, "received", read.data.length);
  let items: Uint8Array[];
  try {
    items = await modules.handler(read.data, peer);
  } catch (err) {
    throw new ServeFailure("handler_error", "req/resp handler failed", { cause: err });
  }
  await writeItems(stream, items, signal, opts, modules);
  await stream.close({ signal });
}

/** Sends items until the end or the first limit they would break. */
async function writeItems(
  stream: Stream,
  items: Uint8Array[],
  signal: AbortSignal,
  opts: RequestServerOpts,
  modules: RequestServerModules,
): Promise<void> {
  const { protocol, limits } = opts;
  let sentBytes = 0;
  for (const [index, item] of items.entries()) {
    if (index >= limits.maxItems || item.length > limits.maxItemBytes || sentBytes + item.length > limits.maxResponseBytes) {
      modules.logger.debug("Req/resp response cut at a limit", { protocol, items: items.length, sent: index });
      break;
    }
    if (!stream.send(encodeFrame(item))) await stream.onDrain({ signal });
    sentBytes += item.length;
  }
  modules.metrics?.onBytes(protocol, "sent", sentBytes);
}
