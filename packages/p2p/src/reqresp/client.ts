// Req/resp client side: sends one request frame and collects the response items within the limits.
import type { AbortOptions, PeerId, Stream } from "@libp2p/interface";
import { createP2PError, type P2PError, type ReqRespLimitName } from "../errors.js";
import type { P2PLogger, ReqRespLimits } from "../interface.js";
import type { P2PMetrics, ReqRespOutcome } from "../metrics.js";
import { FrameReader } from "./frameReader.js";
import { encodeFrame } from "./varint.js";

export interface RequestClientOpts {
  protocol: string;
  protocolId: string;
  peer: PeerId;
  limits: ReqRespLimits;
  timeoutMs: number;
}

export interface RequestClientModules {
  dialProtocol(peer: PeerId, protocolId: string, options: AbortOptions): Promise<Stream>;
  logger: P2PLogger;
  metrics: P2PMetrics | null;
}

/** A failed exchange: the typed error to throw and the metrics outcome. */
class ExchangeFailure extends Error {
  constructor(
    readonly error: P2PError,
    readonly outcome: ReqRespOutcome,
  ) {
    super(error.message);
  }
}

/** Sends `request` and resolves to the response items; rejects with a P2P_REQRESP_* error. */
export async function sendRequest(request: Uint8Array, opts: RequestClientOpts, modules: RequestClientModules): Promise<Uint8Array[]> {
  try {
    if (request.length > opts.limits.maxRequestBytes) throw limitFailure(opts, "maxRequestBytes", request.length);
    const items = await exchange(request, opts, modules);
    modules.metrics?.onRequest(opts.protocol, "client", "success");
    return items;
  } catch (err) {
    const failure = err instanceof ExchangeFailure ? err : new ExchangeFailure(streamFailed(opts, err), "stream_error");
    modules.metrics?.onRequest(opts.protocol, "client", failure.outcome);
    throw failure.error;
  }
}

async function exchange(request: Uint8Array, opts: RequestClientOpts, modules: RequestClientModules): Promise<Uint8Array[]> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const stream = await dial(opts, modules, signal);
  try {
    const reader = new FrameReader(stream, opts.limits.maxItemBytes);
    stream.send(encodeFrame(request));
    await stream.close({ signal }); // half-close: the server reads to the end of our side
    modules.metrics?.onBytes(opts.protocol, "sent", request.length);
    return await readItems(reader, opts, modules, signal);
  } catch (err) {
    const failure = toFailure(err, opts, signal);
    stream.abort(failure);
    throw failure;
  }
}

async function dial(opts: RequestClientOpts, modules: RequestClientModules, signal: AbortSignal): Promise<Stream> {
  try {
    return await modules.dialProtocol(opts.peer, opts.protocolId, { signal });
  } catch (err) {
    if (signal.aborted) throw timeoutFailure(opts, err);
    const error = createP2PError(
      { code: "P2P_REQRESP_DIAL_FAILED", protocol: opts.protocol, peer: opts.peer.toString() },
      `req/resp ${opts.protocol}: could not open a stream to ${opts.peer.toString()}`,
      err,
    );
    throw new ExchangeFailure(error, "dial_error");
  }
}

async function readItems(
  reader: FrameReader,
  opts: RequestClientOpts,
  modules: RequestClientModules,
  signal: AbortSignal,
): Promise<Uint8Array[]> {
  const { limits } = opts;
  const items: Uint8Array[] = [];
  let totalBytes = 0;
  for (;;) {
    const read = await reader.next(limits.maxItemBytes, signal);
    if (read.status === "end") break;
    if (read.status === "too_large") throw limitFailure(opts, "maxItemBytes", read.length);
    if (read.status === "malformed") {
      const error = createP2PError(
        { code: "P2P_REQRESP_TRUNCATED", protocol: opts.protocol },
        `req/resp ${opts.protocol}: malformed response (${read.reason})`,
      );
      throw new ExchangeFailure(error, "stream_error");
    }
    totalBytes += read.data.length;
    if (items.length + 1 > limits.maxItems) throw limitFailure(opts, "maxItems", items.length + 1);
    if (totalBytes > limits.maxResponseBytes) throw limitFailure(opts, "maxResponseBytes", totalBytes);
    items.push(read.data);
  }
  modules.metrics?.onBytes(opts.protocol, "received", totalBytes);
  return items;
}

function toFailure(err: unknown, opts: RequestClientOpts, signal: AbortSignal): ExchangeFailure {
  if (err instanceof ExchangeFailure) return err;
  if (signal.aborted) return timeoutFailure(opts, err);
  return new ExchangeFailure(streamFailed(opts, err), "stream_error");
}

function limitFailure(opts: RequestClientOpts, limit: ReqRespLimitName, actual: number): ExchangeFailure {
  const error = createP2PError(
    { code: "P2P_REQRESP_LIMIT", protocol: opts.protocol, limit },
    `req/resp ${opts.protocol}: ${limit} exceeded (${actual} > ${opts.limits[limit]})`,
  );
  return new ExchangeFailure(error, "limit");
}

function timeoutFailure(opts: RequestClientOpts, cause: unknown): ExchangeFailure {
  const error = createP2PError(
    { code: "P2P_REQRESP_TIMEOUT", protocol: opts.protocol, timeoutMs: opts.timeoutMs },
    `req/resp ${opts.protocol}: no complete response from ${opts.peer.toString()} within ${opts.timeoutMs} ms`,
    cause,
  );
  return new ExchangeFailure(error, "timeout");
}

function streamFailed(opts: RequestClientOpts, cause: unknown): P2PError {
  return createP2PError(
    { code: "P2P_REQRESP_STREAM_FAILED", protocol: opts.protocol, peer: opts.peer.toString() },
    `req/resp ${opts.protocol}: the exchange with ${opts.peer.toString()} failed (the remote handler failed, refused the request, or the connection dropped)`,
    cause,
  );
}
