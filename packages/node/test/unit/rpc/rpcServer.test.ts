import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, describe, it } from "node:test";
import { Registry } from "prom-client";
import WebSocket from "ws";
import { ChainEvents } from "../../../src/chain/chainEvents.js";
import { createNoopLogger } from "../../../src/logger.js";
import { createNodeMetrics } from "../../../src/metrics.js";
import type { RpcContext } from "../../../src/rpc/context.js";
import { DEFAULT_HTTP_ACCESS } from "../../../src/rpc/httpAccess.js";
import { registerEthSubscriptionMethods } from "../../../src/rpc/methods/ethSubscriptions.js";
import { RpcDispatcher } from "../../../src/rpc/rpcDispatcher.js";
import type { RpcServerOpts } from "../../../src/rpc/rpcServer.js";
import { RpcServer } from "../../../src/rpc/rpcServer.js";
import { SubscriptionManager } from "../../../src/rpc/subscriptionManager.js";
import { WS_CLOSE_SLOW_CONSUMER } from "../../../src/rpc/wsChannel.js";

/** An RPC server on a free loopback port, with `test_flood(n, bytes)` pushing n messages to the caller. */
async function startServer(overrides: Partial<RpcServerOpts> = {}) {
  const register = new Registry();
  const metrics = createNodeMetrics(register);
  const logger = createNoopLogger();
  const dispatcher = new RpcDispatcher({ maxBatchSize: 10 }, { logger, metrics });
  const subscriptions = new SubscriptionManager(new ChainEvents(), { maxPerConnection: 3 });
  registerEthSubscriptionMethods(dispatcher, {} as RpcContext, subscriptions);
  dispatcher.add("test_echo", (params) => params);
  let pushed = 0;
  dispatcher.add("test_flood", (params, session) => {
    const [count, bytes] = params as [number, number];
    const message = JSON.stringify({ jsonrpc: "2.0", method: "test_note", params: "x".repeat(bytes) });
    for (let i = 0; i < count; i++) {
      session.push?.send(message);
      pushed++;
    }
    return true;
  });
  const server = new RpcServer(
    { host: "127.0.0.1", port: 0, maxBodyBytes: 1024 * 1024, access: DEFAULT_HTTP_ACCESS, ...overrides },
    { dispatcher, register, getHealth: () => ({ status: "ok" }), logger, metrics },
  );
  const { port } = await server.listen();
  return { server, port, register, subscriptions, pushedCount: () => pushed };
}

type Server = Awaited<ReturnType<typeof startServer>>;

/** A raw HTTP request (fetch may not set Host). */
function post(port: number, headers: Record<string, string>, body: string, method = "POST") {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path: "/", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const CALL = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_echo", params: [1] });
const JSON_TYPE = { "Content-Type": "application/json" };

function openWs(port: number, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function wsCall(
  ws: WebSocket,
  method: string,
  params: unknown[],
): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { id?: number };
      if (msg.id !== id) return;
      ws.off("message", onMessage);
      resolve(msg as never);
    };
    ws.on("message", onMessage);
    ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
  });
}

describe("RpcServer: browser access as geth has it", () => {
  let s: Server;
  after(async () => s?.server.close());

  it("serves a JSON POST with no CORS header by default", async () => {
    s = await startServer();
    const res = await post(s.port, { ...JSON_TYPE, Origin: "https://app.example", Host: `localhost:${s.port}` }, CALL);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { jsonrpc: "2.0", id: 1, result: [1] });
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    const preflight = await post(s.port, { Origin: "https://app.example", "Access-Control-Request-Method": "POST" }, "", "OPTIONS");
    assert.equal(preflight.headers["access-control-allow-origin"], undefined);
  });

  it("keeps an idle connection open for geth's 120 s, not Node's 5 s (a stalled main thread would reset it)", async () => {
    const own = await startServer();
    const res = await post(own.port, { ...JSON_TYPE, Host: `localhost:${own.port}`, Connection: "keep-alive" }, CALL);
    await own.server.close();
    assert.equal(res.headers["keep-alive"], "timeout=120");
  });

  it("refuses Host: evil.example (DNS rebinding) with 403, before reading the body", async () => {
    const res = await post(s.port, { ...JSON_TYPE, Host: "evil.example" }, CALL);
    assert.equal(res.status, 403);
    assert.equal(res.body, "invalid host specified\n");
  });

  it("refuses a text/plain body (a CORS 'simple request') with 415", async () => {
    const res = await post(s.port, { "Content-Type": "text/plain" }, CALL);
    assert.equal(res.status, 415);
    assert.match(res.body, /only application\/json/);
    assert.equal((await post(s.port, {}, CALL)).status, 415);
  });

  it("refuses a WebSocket upgrade from a foreign Origin; one without Origin is served", async () => {
    await assert.rejects(openWs(s.port, { Origin: "https://evil.example" }), /HTTP 403/);
    const ws = await openWs(s.port);
    assert.deepEqual((await wsCall(ws, "test_echo", [2])).result, [2]);
    ws.close();
  });

  it("with --rpc.corsdomain and --ws.origins naming an origin, that origin is let in", async () => {
    const open = await startServer({
      access: { corsDomains: ["https://app.example"], vhosts: ["localhost"], wsOrigins: ["https://app.example"] },
    });
    try {
      const res = await post(open.port, { ...JSON_TYPE, Origin: "https://app.example" }, CALL);
      assert.equal(res.headers["access-control-allow-origin"], "https://app.example");
      const other = await post(open.port, { ...JSON_TYPE, Origin: "https://evil.example" }, CALL);
      assert.equal(other.headers["access-control-allow-origin"], undefined);
      const ws = await openWs(open.port, { Origin: "https://app.example" });
      ws.close();
      await assert.rejects(openWs(open.port, { Origin: "https://evil.example" }), /HTTP 403/);
    } finally {
      await open.server.close();
    }
  });
});

describe("RpcServer: WebSocket limits", () => {
  it("caps connections (503 beyond) and subscriptions per connection (-32005 beyond)", async () => {
    const s = await startServer({ ws: { maxConnections: 2, sendBufferBytes: 1 << 20, maxSubscriptions: 3 } });
    try {
      const [a, b] = await Promise.all([openWs(s.port), openWs(s.port)]);
      await assert.rejects(openWs(s.port), /HTTP 503/);
      for (let i = 0; i < 3; i++) assert.match(String((await wsCall(a, "eth_subscribe", ["newHeads"])).result), /^0x/);
      const refused = await wsCall(a, "eth_subscribe", ["newPendingTransactions"]);
      assert.equal(refused.error?.code, -32005);
      assert.match(refused.error?.message ?? "", /too many subscriptions: at most 3 per connection/);
      // Another connection has its own allowance; unsubscribing frees one.
      assert.match(String((await wsCall(b, "eth_subscribe", ["newHeads"])).result), /^0x/);
      const first = (await wsCall(a, "eth_subscribe", ["newHeads"])).error;
      assert.equal(first?.code, -32005);
      assert.equal(s.subscriptions.size, 4);
      a.close();
      b.close();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(s.subscriptions.size, 0, "a closed connection's subscriptions go with it");
      const c = await openWs(s.port);
      c.close();
    } finally {
      await s.server.close();
    }
  });

  it("drops a client that stops reading (close 1008) once its send buffer passes the limit", async () => {
    const s = await startServer({ ws: { maxConnections: 10, sendBufferBytes: 256 * 1024, maxSubscriptions: 10 } });
    try {
      const ws = await openWs(s.port);
      const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
      // Stop reading: the kernel's buffers fill, then the server's own.
      (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      const buffersBefore = process.memoryUsage().arrayBuffers;
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "test_flood", params: [2000, 64 * 1024] }));
      const deadline = Date.now() + 10_000;
      while (!/eigen_node_ws_slow_consumers_dropped_total 1/.test(await s.register.metrics())) {
        assert.ok(Date.now() < deadline, "the slow client was never dropped");
        await new Promise((r) => setTimeout(r, 20));
      }
      // 2,000 messages of 64 KiB (131 MB) were asked for; what was queued stayed near the limit.
      const grownMb = (process.memoryUsage().arrayBuffers - buffersBefore) / 1024 / 1024;
      assert.ok(grownMb < 32, `buffers grew ${grownMb.toFixed(1)} MB`);
      (ws as unknown as { _socket: { resume(): void } })._socket.resume();
      assert.equal(await closed, WS_CLOSE_SLOW_CONSUMER);
      assert.equal(s.pushedCount(), 2000);
    } finally {
      await s.server.close();
    }
  });
});
