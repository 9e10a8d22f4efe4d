import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createNoopLogger } from "../../../src/logger.js";
import { createNodeMetrics } from "../../../src/metrics.js";
import type { RpcSession } from "../../../src/rpc/context.js";
import { RpcError } from "../../../src/rpc/errors.js";
import { RpcDispatcher } from "../../../src/rpc/rpcDispatcher.js";

const HTTP: RpcSession = { transport: "http" };

function createDispatcher() {
  const register = new Registry();
  const dispatcher = new RpcDispatcher({ maxBatchSize: 3 }, { logger: createNoopLogger(), metrics: createNodeMetrics(register) });
  dispatcher.add("test_echo", (params) => params);
  dispatcher.add("test_nothing", () => undefined);
  dispatcher.add("test_refuse", () => {
    throw new RpcError(-32000, "refused", "0x01");
  });
  dispatcher.add("test_crash", () => {
    throw new Error("boom at /internal/path");
  });
  return { dispatcher, register };
}

async function send(dispatcher: RpcDispatcher, payload: unknown): Promise<unknown> {
  const text = await dispatcher.handleText(typeof payload === "string" ? payload : JSON.stringify(payload), HTTP);
  return text === undefined ? undefined : JSON.parse(text);
}

describe("RpcDispatcher", () => {
  const cases: { desc: string; input: unknown; expected: unknown }[] = [
    {
      desc: "a call",
      input: { jsonrpc: "2.0", id: 1, method: "test_echo", params: [1, "a"] },
      expected: { jsonrpc: "2.0", id: 1, result: [1, "a"] },
    },
    {
      desc: "no params",
      input: { jsonrpc: "2.0", id: "x", method: "test_echo" },
      expected: { jsonrpc: "2.0", id: "x", result: [] },
    },
    {
      desc: "undefined result becomes null",
      input: { jsonrpc: "2.0", id: 2, method: "test_nothing" },
      expected: { jsonrpc: "2.0", id: 2, result: null },
    },
    {
      desc: "parse error",
      input: "{",
      expected: { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } },
    },
    {
      desc: "missing jsonrpc",
      input: { id: 3, method: "test_echo" },
      expected: { jsonrpc: "2.0", id: 3, error: { code: -32600, message: "invalid request" } },
    },
    {
      desc: "bad id",
      input: { jsonrpc: "2.0", id: {}, method: "test_echo" },
      expected: { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } },
    },
    {
      desc: "null payload",
      input: "null",
      expected: { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } },
    },
    {
      desc: "unknown method",
      input: { jsonrpc: "2.0", id: 4, method: "foo_bar" },
      expected: {
        jsonrpc: "2.0",
        id: 4,
        error: { code: -32601, message: "the method foo_bar does not exist/is not available" },
      },
    },
    {
      desc: "object params",
      input: { jsonrpc: "2.0", id: 5, method: "test_echo", params: { a: 1 } },
      expected: { jsonrpc: "2.0", id: 5, error: { code: -32602, message: "non-array args" } },
    },
    {
      desc: "a refusal with data",
      input: { jsonrpc: "2.0", id: 6, method: "test_refuse" },
      expected: { jsonrpc: "2.0", id: 6, error: { code: -32000, message: "refused", data: "0x01" } },
    },
    {
      desc: "a crash hides internals",
      input: { jsonrpc: "2.0", id: 7, method: "test_crash" },
      expected: { jsonrpc: "2.0", id: 7, error: { code: -32603, message: "internal error" } },
    },
    { desc: "a notification gets no answer", input: { jsonrpc: "2.0", method: "test_echo" }, expected: undefined },
    {
      desc: "empty batch",
      input: [],
      expected: { jsonrpc: "2.0", id: null, error: { code: -32600, message: "empty batch" } },
    },
    {
      desc: "batch too large",
      input: [1, 2, 3, 4],
      expected: { jsonrpc: "2.0", id: null, error: { code: -32600, message: "batch too large: at most 3 requests" } },
    },
    {
      desc: "batch of one stays an array",
      input: [{ jsonrpc: "2.0", id: 8, method: "test_echo" }],
      expected: [{ jsonrpc: "2.0", id: 8, result: [] }],
    },
    {
      desc: "batch with an invalid member and a notification",
      input: [{ jsonrpc: "2.0", id: 9, method: "test_echo" }, 5, { jsonrpc: "2.0", method: "test_echo" }],
      expected: [
        { jsonrpc: "2.0", id: 9, result: [] },
        { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request" } },
      ],
    },
    { desc: "batch of notifications only", input: [{ jsonrpc: "2.0", method: "test_echo" }], expected: undefined },
  ];
  for (const { desc, input, expected } of cases) {
    it(desc, async () => {
      const { dispatcher } = createDispatcher();
      assert.deepEqual(await send(dispatcher, input), expected);
    });
  }

  it("counts requests by method and code, unknown methods under one label", async () => {
    const { dispatcher, register } = createDispatcher();
    await send(dispatcher, { jsonrpc: "2.0", id: 1, method: "test_echo" });
    await send(dispatcher, { jsonrpc: "2.0", id: 2, method: "random_method_1" });
    await send(dispatcher, { jsonrpc: "2.0", id: 3, method: "random_method_2" });
    const text = await register.metrics();
    assert.match(text, /eigen_node_rpc_requests_total\{method="test_echo",code="0"\} 1/);
    assert.match(text, /eigen_node_rpc_requests_total\{method="unknown",code="-32601"\} 2/);
    assert.doesNotMatch(text, /random_method/);
  });

  it("replaces a batch's answers past --rpc.batch-response-max-size with -32003 response too large", async () => {
    const dispatcher = new RpcDispatcher({ maxBatchSize: 10, maxBatchResponseBytes: 300 }, { logger: createNoopLogger(), metrics: null });
    dispatcher.add("test_blob", () => "x".repeat(100));
    const batch = [1, 2, 3, 4].map((id) => ({ jsonrpc: "2.0", id, method: "test_blob" }));
    const answers = (await send(dispatcher, batch)) as { id: number; result?: string; error?: { code: number; message: string } }[];
    assert.deepEqual(
      answers.map((a) => [a.id, a.result === undefined ? a.error : "ok"]),
      [
        [1, "ok"],
        [2, "ok"],
        [3, { code: -32003, message: "response too large" }],
        [4, { code: -32003, message: "response too large" }],
      ],
    );
  });
});
