import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Command } from "commander";
import type { RpcCliOptions } from "../../../src/cli/rpcOptions.js";
import { addRpcOptions, getRpcOpts, parseDurationMs } from "../../../src/cli/rpcOptions.js";
import { DEFAULT_RPC_OPTS } from "../../../src/node.js";

function parse(args: string[]): RpcCliOptions {
  const command = addRpcOptions(new Command("start").exitOverride());
  command.parse(args, { from: "user" });
  return command.opts<RpcCliOptions>();
}

describe("RPC flags", () => {
  it("default to geth's closed browser access and the node's limits", () => {
    const opts = getRpcOpts(parse([]));
    assert.deepEqual(opts.access, { corsDomains: [], vhosts: ["localhost"], wsOrigins: [] });
    assert.equal(opts.gasCap, 50_000_000n);
    assert.equal(opts.evmTimeoutMs, 5000);
    assert.deepEqual(opts.heavyQueue, DEFAULT_RPC_OPTS.heavyQueue);
    assert.deepEqual(opts.ws, DEFAULT_RPC_OPTS.ws);
    assert.equal(opts.maxBatchSize, 1000);
    assert.equal(opts.maxBatchResponseBytes, 25_000_000);
  });

  it("a command's browser default (devnet's '*') fills only what was not given", () => {
    assert.deepEqual(getRpcOpts(parse([]), "*").access, { corsDomains: ["*"], vhosts: ["localhost"], wsOrigins: ["*"] });
    const given = getRpcOpts(parse(["--rpc.corsdomain", "https://a.example, https://b.example", "--ws.origins", ""]), "*");
    assert.deepEqual(given.access.corsDomains, ["https://a.example", "https://b.example"]);
    assert.deepEqual(given.access.wsOrigins, []);
  });

  it("maps every limit flag", () => {
    const opts = getRpcOpts(
      parse([
        "--rpc.vhosts",
        "node.internal,localhost",
        "--rpc.gascap",
        "0",
        "--rpc.evmtimeout",
        "750ms",
        "--rpc.batch-request-limit",
        "50",
        "--rpc.batch-response-max-size",
        "1000",
        "--rpc.heavy-concurrency",
        "3",
        "--rpc.heavy-queue",
        "0",
        "--rpc.call-workers",
        "0",
        "--ws.maxconnections",
        "5",
        "--ws.maxsubscriptions",
        "7",
        "--ws.sendbuffer",
        "65536",
      ]),
    );
    assert.deepEqual(opts.access.vhosts, ["node.internal", "localhost"]);
    assert.equal(opts.gasCap, BigInt(Number.MAX_SAFE_INTEGER), "0: no cap below the block gas limit");
    assert.equal(opts.evmTimeoutMs, 750);
    assert.equal(opts.maxBatchSize, 50);
    assert.equal(opts.maxBatchResponseBytes, 1000);
    assert.deepEqual(opts.heavyQueue, { concurrency: 3, maxQueued: 0 });
    assert.equal(opts.callWorkers, 0);
    assert.deepEqual(opts.ws, { maxConnections: 5, maxSubscriptions: 7, sendBufferBytes: 65536 });
  });

  const durations: { input: string; expected: number | "error" }[] = [
    { input: "5s", expected: 5000 },
    { input: "500ms", expected: 500 },
    { input: "1.5s", expected: 1500 },
    { input: "2m", expected: 120_000 },
    { input: "250", expected: 250 },
    { input: "0", expected: 0 },
    { input: "soon", expected: "error" },
    { input: "-1s", expected: "error" },
    { input: "99999999m", expected: "error" },
  ];
  for (const { input, expected } of durations) {
    it(`--rpc.evmtimeout ${input} → ${expected}`, () => {
      if (expected === "error") assert.throws(() => parseDurationMs(input), /duration/);
      else assert.equal(parseDurationMs(input), expected);
    });
  }
});
