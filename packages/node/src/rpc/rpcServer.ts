// JSON-RPC over HTTP and WebSocket on one port, with /health and /metrics; browsers kept out as geth does.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { WebSocket } from "ws";
import { WebSocketServer } from "ws";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import type { RpcPushChannel, RpcSession } from "./context.js";
import { RPC_ERROR_CODE } from "./errors.js";
import type { HttpAccessOpts } from "./httpAccess.js";
import {
  getCorsAllowOrigin,
  INVALID_CONTENT_TYPE_TEXT,
  INVALID_HOST_TEXT,
  INVALID_ORIGIN_TEXT,
  isHostAllowed,
  isJsonContentType,
  isSameOriginUpgrade,
  isWsOriginAllowed,
} from "./httpAccess.js";
import type { RpcDispatcher } from "./rpcDispatcher.js";
import type { WsLimits } from "./wsChannel.js";
import { createWsPushChannel, DEFAULT_WS_LIMITS } from "./wsChannel.js";

export interface RpcServerOpts {
  host: string;
  port: number;
  /** Largest HTTP body or WebSocket message; larger ones get HTTP 413 (geth's is 5 MiB). */
  maxBodyBytes: number;
  /** CORS, Host and WebSocket Origin allow-lists (geth's --rpc.corsdomain, --rpc.vhosts, --ws.origins). */
  access: HttpAccessOpts;
  /** WebSocket connection cap and per-connection send buffer; defaults when absent. */
  ws?: WsLimits;
}

export interface RpcServerModules {
  dispatcher: RpcDispatcher;
  /** Serves GET /metrics when given. */
  register: Registry | null;
  /** Body of GET /health. */
  getHealth: () => Record<string, unknown>;
  logger: Logger;
  metrics: NodeMetrics | null;
  /** Serves pages on GET (the dashboard under /dashboard/); returns false for paths it does not own. */
  servePage?: (path: string, res: ServerResponse) => boolean;
}

const HTTP_SESSION: RpcSession = { transport: "http" };

/**
 * How long a kept-alive HTTP connection may sit idle: geth's IdleTimeout (120 s), not Node's 5 s. While a
 * heavy block runs on the main thread the idle timer cannot fire; when the thread comes back it fired
 * first, closing sockets that clients had just sent requests on (they saw ECONNRESET, "fetch failed").
 */
const HTTP_IDLE_TIMEOUT_MS = 120_000;

/**
 * JSON-RPC over HTTP and WebSocket on one port (like anvil), plus GET /health and GET /metrics.
 * Browsers are kept out as geth keeps them out: no CORS headers unless origins are named, a Host
 * allow-list on HTTP (DNS rebinding), an Origin allow-list on WebSocket upgrades, JSON bodies only.
 */
export class RpcServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;

  constructor(
    private readonly opts: RpcServerOpts,
    private readonly modules: RpcServerModules,
  ) {
    this.server = createServer((req, res) => this.handleHttp(req, res));
    this.server.keepAliveTimeout = HTTP_IDLE_TIMEOUT_MS;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxBodyBytes });
    this.server.on("upgrade", (req, socket, head) => {
      const refusal = this.checkUpgrade(req);
      if (refusal !== undefined) {
        this.modules.logger.debug("WebSocket upgrade refused", { status: refusal.status });
        socket.end(
          `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
            `Content-Length: ${Buffer.byteLength(refusal.body)}\r\n\r\n${refusal.body}`,
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.handleWebSocket(ws));
    });
    this.server.on("clientError", (_err, socket) => {
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    });
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once("error", onError);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private get wsLimits(): WsLimits {
    return this.opts.ws ?? DEFAULT_WS_LIMITS;
  }

  /** Why a WebSocket upgrade is refused (a foreign Origin, too many connections), or undefined. */
  private checkUpgrade(req: IncomingMessage): { status: number; reason: string; body: string } | undefined {
    // A page this node served itself (the dashboard) may open a WebSocket to it without --ws.origins.
    const sameOrigin =
      this.modules.servePage !== undefined && isSameOriginUpgrade(req.headers.origin, req.headers.host, this.opts.access.vhosts);
    if (!sameOrigin && !isWsOriginAllowed(req.headers.origin, this.opts.access.wsOrigins)) {
      return { status: 403, reason: "Forbidden", body: INVALID_ORIGIN_TEXT };
    }
    if (this.wss.clients.size >= this.wsLimits.maxConnections) {
      return { status: 503, reason: "Service Unavailable", body: "too many WebSocket connections\n" };
    }
    return undefined;
  }

  /** CORS headers only for an allowed Origin: with none named, browsers cannot read any answer. */
  private setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
    const allowOrigin = getCorsAllowOrigin(req.headers.origin, this.opts.access.corsDomains);
    if (allowOrigin === null) return;
    res.setHeader("Access-Control-Allow-Origin", allowOrigin);
    if (allowOrigin !== "*") res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Content-Type, Authorization");
    res.setHeader("Access-Control-Max-Age", "600");
  }

  private sendJson(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  }

  private sendTooLarge(req: IncomingMessage, res: ServerResponse): void {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: RPC_ERROR_CODE.INVALID_REQUEST,
        message: `request body too large: limit is ${this.opts.maxBodyBytes} bytes`,
      },
    });
    res.setHeader("Connection", "close");
    this.sendJson(res, 413, body);
    // Discard the rest of the upload so the client can read the answer.
    req.resume();
  }

  private sendText(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  private handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!isHostAllowed(req.headers.host, this.opts.access.vhosts)) {
      this.modules.logger.debug("HTTP request refused: host not allowed", {});
      this.sendText(res, 403, INVALID_HOST_TEXT);
      req.resume();
      return;
    }
    this.setCorsHeaders(req, res);
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "OPTIONS") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === "GET" && path === "/health") {
      this.sendJson(res, 200, JSON.stringify(this.modules.getHealth()));
      return;
    }
    if (req.method === "GET" && path === "/metrics" && this.modules.register !== null) {
      const register = this.modules.register;
      register.metrics().then(
        (text) => {
          res.writeHead(200, { "Content-Type": register.contentType });
          res.end(text);
        },
        (err: unknown) => {
          this.modules.logger.warn("Metrics collection failed", {}, err);
          res.writeHead(500);
          res.end();
        },
      );
      return;
    }
    if (req.method === "GET" && path !== undefined && this.modules.servePage?.(path, res) === true) return;
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST, GET, OPTIONS", "Content-Type": "text/plain" });
      res.end("JSON-RPC: send a POST request (GET /health, GET /metrics, or a WebSocket upgrade)\n");
      return;
    }
    if (!isJsonContentType(req.headers["content-type"])) {
      this.sendText(res, 415, INVALID_CONTENT_TYPE_TEXT);
      req.resume();
      return;
    }
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > this.opts.maxBodyBytes) {
      this.sendTooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > this.opts.maxBodyBytes) {
        refused = true;
        chunks.length = 0;
        this.sendTooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (refused) return;
      const text = Buffer.concat(chunks).toString("utf8");
      this.modules.dispatcher.handleText(text, HTTP_SESSION).then(
        (response) => this.sendJson(res, 200, response ?? ""),
        (err: unknown) => {
          this.modules.logger.error("RPC dispatch failed", {}, err);
          this.sendJson(
            res,
            500,
            JSON.stringify({
              jsonrpc: "2.0",
              id: null,
              error: { code: RPC_ERROR_CODE.INTERNAL_ERROR, message: "internal error" },
            }),
          );
        },
      );
    });
  }

  private handleWebSocket(ws: WebSocket): void {
    const closeListeners: (() => void)[] = [];
    const push: RpcPushChannel = createWsPushChannel(ws, this.wsLimits, {
      onClose: (listener) => closeListeners.push(listener),
      onSlowConsumer: (bufferedBytes) => {
        this.modules.metrics?.wsSlowConsumersDropped.inc();
        this.modules.logger.info("WebSocket client dropped: not reading its messages", { bufferedBytes });
      },
    });
    const session: RpcSession = { transport: "ws", push };
    this.modules.metrics?.wsConnections.inc();
    ws.on("message", (data) => {
      const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data as ArrayBuffer).toString("utf8");
      this.modules.dispatcher.handleText(text, session).then(
        (response) => {
          if (response !== undefined) push.send(response);
        },
        (err: unknown) => this.modules.logger.error("RPC dispatch failed", {}, err),
      );
    });
    ws.on("error", (err) => this.modules.logger.debug("WebSocket error", {}, err));
    ws.on("close", () => {
      this.modules.metrics?.wsConnections.dec();
      for (const listener of closeListeners) listener();
    });
  }
}
