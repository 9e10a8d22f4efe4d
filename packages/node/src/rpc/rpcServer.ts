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
import type { RpcDispatcher } from "./rpcDispatcher.js";

export interface RpcServerOpts {
  host: string;
  port: number;
  /** Largest HTTP body or WebSocket message; larger ones get HTTP 413 (geth's is 5 MiB). */
  maxBodyBytes: number;
  /** Value of Access-Control-Allow-Origin. */
  corsOrigin: string;
}

export interface RpcServerModules {
  dispatcher: RpcDispatcher;
  /** Serves GET /metrics when given. */
  register: Registry | null;
  /** Body of GET /health. */
  getHealth: () => Record<string, unknown>;
  logger: Logger;
  metrics: NodeMetrics | null;
}

const HTTP_SESSION: RpcSession = { transport: "http" };

/**
 * JSON-RPC over HTTP and WebSocket on one port (like anvil), plus GET /health and GET /metrics.
 * CORS is open by default so browser dapps and wallets can call a local node.
 */
export class RpcServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;

  constructor(
    private readonly opts: RpcServerOpts,
    private readonly modules: RpcServerModules,
  ) {
    this.server = createServer((req, res) => this.handleHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxBodyBytes });
    this.server.on("upgrade", (req, socket, head) => {
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

  private setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader("Access-Control-Allow-Origin", this.opts.corsOrigin);
    res.setHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
    res.setHeader(
      "Access-Control-Allow-Headers",
      req.headers["access-control-request-headers"] ?? "Content-Type, Authorization",
    );
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

  private handleHttp(req: IncomingMessage, res: ServerResponse): void {
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
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "POST, GET, OPTIONS", "Content-Type": "text/plain" });
      res.end("JSON-RPC: send a POST request (GET /health, GET /metrics, or a WebSocket upgrade)\n");
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
    const push: RpcPushChannel = {
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      onClose: (listener) => closeListeners.push(listener),
    };
    const session: RpcSession = { transport: "ws", push };
    this.modules.metrics?.wsConnections.inc();
    ws.on("message", (data) => {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString("utf8")
        : Buffer.from(data as ArrayBuffer).toString("utf8");
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
