// JSON-RPC 2.0 over any transport: parsing, batches, error mapping and request metrics.
import type { JSONRPCRequest, JSONRPCResponse } from "json-rpc-2.0";
import { createJSONRPCErrorResponse, JSONRPCServer } from "json-rpc-2.0";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import type { RpcHandler, RpcMethodRegistry, RpcSession } from "./context.js";
import { createInvalidParamsError, createMethodNotFoundError, RPC_ERROR_CODE, toRpcError } from "./errors.js";

export interface RpcDispatcherOpts {
  /** Most requests in one batch (geth: 1000). */
  maxBatchSize: number;
  /**
   * Most bytes of one batch's answers (geth's --rpc.batch-response-max-size, 25 MB): the answers
   * past it are replaced by -32003 "response too large". Absent: the default.
   */
  maxBatchResponseBytes?: number;
}

/** geth's default --rpc.batch-response-max-size. */
export const DEFAULT_MAX_BATCH_RESPONSE_BYTES = 25_000_000;
/** geth's code and text for an answer past the batch response limit. */
const RESPONSE_TOO_LARGE = { code: -32003, message: "response too large" } as const;

type Id = string | number | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isValidId(id: unknown): id is Id | undefined {
  return id === undefined || id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
}

/**
 * JSON-RPC 2.0 over any transport: parses text, validates request objects, runs batches, maps
 * thrown errors to codes and counts every request. json-rpc-2.0 does the method dispatch; this
 * class owns what it leaves loose (batch of one stays an array, invalid members, error mapping).
 */
export class RpcDispatcher implements RpcMethodRegistry {
  private readonly server: JSONRPCServer<RpcSession>;

  constructor(
    private readonly opts: RpcDispatcherOpts,
    private readonly modules: { logger: Logger; metrics: NodeMetrics | null },
  ) {
    this.server = new JSONRPCServer<RpcSession>({
      errorListener: (message, data) => modules.logger.warn("RPC handler error", { message }, data),
    });
    this.server.handleMethodNotFound = async (request) => {
      throw createMethodNotFoundError(request.method);
    };
    this.server.applyMiddleware(async (next, request, session) => {
      const known = this.server.hasMethod(request.method);
      const label = known ? request.method : "unknown";
      const started = performance.now();
      let response: JSONRPCResponse | null;
      try {
        response = await next(request, session);
      } catch (err) {
        const { error, unexpected } = toRpcError(err);
        if (unexpected) modules.logger.warn("RPC method failed unexpectedly", { method: label }, err);
        else modules.logger.debug("RPC request refused", { method: label, code: error.code });
        response = request.id === undefined ? null : createJSONRPCErrorResponse(request.id, error.code, error.message, error.data);
        modules.metrics?.rpcRequests.inc({ method: label, code: String(error.code) });
        modules.metrics?.rpcRequestSeconds.observe({ method: label }, (performance.now() - started) / 1000);
        return response;
      }
      modules.metrics?.rpcRequests.inc({ method: label, code: String(response?.error?.code ?? 0) });
      modules.metrics?.rpcRequestSeconds.observe({ method: label }, (performance.now() - started) / 1000);
      return response;
    });
  }

  add(name: string, handler: RpcHandler): void {
    this.server.addMethod(name, async (params: unknown, session: RpcSession) => {
      if (params !== undefined && params !== null && !Array.isArray(params)) {
        throw createInvalidParamsError("non-array args");
      }
      // A result of undefined would drop "result" from the response; JSON-RPC wants null.
      return (await handler((params as unknown[] | undefined | null) ?? [], session)) ?? null;
    });
  }

  hasMethod(name: string): boolean {
    return this.server.hasMethod(name);
  }

  /** Handles one HTTP body or WebSocket message; undefined when nothing is to be sent back. */
  async handleText(text: string, session: RpcSession): Promise<string | undefined> {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      this.modules.metrics?.rpcRequests.inc({ method: "unknown", code: String(RPC_ERROR_CODE.PARSE_ERROR) });
      return JSON.stringify(createJSONRPCErrorResponse(null, RPC_ERROR_CODE.PARSE_ERROR, "parse error"));
    }
    const response = await this.handlePayload(payload, session);
    return response === undefined ? undefined : JSON.stringify(response);
  }

  async handlePayload(payload: unknown, session: RpcSession): Promise<JSONRPCResponse | JSONRPCResponse[] | undefined> {
    if (!Array.isArray(payload)) return (await this.handleOne(payload, session)) ?? undefined;
    if (payload.length === 0) return createJSONRPCErrorResponse(null, RPC_ERROR_CODE.INVALID_REQUEST, "empty batch");
    if (payload.length > this.opts.maxBatchSize) {
      return createJSONRPCErrorResponse(
        null,
        RPC_ERROR_CODE.INVALID_REQUEST,
        `batch too large: at most ${this.opts.maxBatchSize} requests`,
      );
    }
    const responses = await Promise.all(payload.map((item) => this.handleOne(item, session)));
    const sent = responses.filter((r): r is JSONRPCResponse => r !== null);
    return sent.length === 0 ? undefined : this.capBatchResponse(sent);
  }

  /** Answers in order until the batch's bytes pass the limit; each later one becomes "response too large". */
  private capBatchResponse(responses: JSONRPCResponse[]): JSONRPCResponse[] {
    const limit = this.opts.maxBatchResponseBytes ?? DEFAULT_MAX_BATCH_RESPONSE_BYTES;
    let bytes = 0;
    return responses.map((response) => {
      if (bytes > limit) return createJSONRPCErrorResponse(response.id, RESPONSE_TOO_LARGE.code, RESPONSE_TOO_LARGE.message);
      bytes += JSON.stringify(response).length;
      return bytes > limit ? createJSONRPCErrorResponse(response.id, RESPONSE_TOO_LARGE.code, RESPONSE_TOO_LARGE.message) : response;
    });
  }

  private async handleOne(item: unknown, session: RpcSession): Promise<JSONRPCResponse | null> {
    if (!isRecord(item) || item.jsonrpc !== "2.0" || typeof item.method !== "string" || !isValidId(item.id)) {
      const id = isRecord(item) && isValidId(item.id) ? (item.id ?? null) : null;
      this.modules.metrics?.rpcRequests.inc({ method: "unknown", code: String(RPC_ERROR_CODE.INVALID_REQUEST) });
      return createJSONRPCErrorResponse(id, RPC_ERROR_CODE.INVALID_REQUEST, "invalid request");
    }
    const request: JSONRPCRequest = { jsonrpc: "2.0", method: item.method, params: item.params };
    if (item.id !== undefined) request.id = item.id as Id;
    return this.server.receive(request, session);
  }
}
