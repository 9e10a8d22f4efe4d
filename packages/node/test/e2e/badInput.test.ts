import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, it } from "node:test";
import { concat, encodeRlp, Transaction, toBeArray, Wallet } from "ethers";
import WebSocket from "ws";
import type { TestNode } from "./support/nodeDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, killAll, rpcCall, startNode, stopNode, waitUntilHeight } from "./support/nodeDsl.js";

/** A POST with exactly these headers (fetch will not send a foreign Host). */
function rawRequest(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }));
  });
}

interface RpcResponse {
  id?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

describe("bad input gets the right error and the node keeps running", () => {
  let node: TestNode;
  const wallet = new Wallet(DEV_KEYS[2]);

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(node.url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      json: text.length > 0 ? (JSON.parse(text) as RpcResponse | RpcResponse[]) : undefined,
    };
  };

  const signTransfer = async (overrides: { chainId?: number; nonce?: number } = {}) =>
    wallet.signTransaction({
      type: 2,
      chainId: overrides.chainId ?? DEVNET_CHAIN_ID,
      nonce: overrides.nonce ?? 0,
      to: DEV_ADDRESSES[0],
      value: 1n,
      gasLimit: 21000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });

  before(async () => {
    node = await startNode({ extraArgs: ["--rpc.bodylimit", String(1024 * 1024)] });
  });

  after(async () => {
    if (node !== undefined) await stopNode(node);
    await killAll();
  });

  it("answers malformed JSON with -32700", async () => {
    const { status, json } = await post("{not json");
    assert.equal(status, 200);
    assert.equal((json as RpcResponse).error?.code, -32700);
    assert.equal((json as RpcResponse).id, null);
  });

  it("answers invalid request objects with -32600", async () => {
    assert.equal(((await post(JSON.stringify({ id: 1, method: "eth_chainId" }))).json as RpcResponse).error?.code, -32600);
    assert.equal(((await post("42")).json as RpcResponse).error?.code, -32600);
    assert.equal(((await post("[]")).json as RpcResponse).error?.code, -32600);
  });

  it("answers an unknown method with -32601", async () => {
    const { error } = await rpcCall(node, "eth_doesNotExist");
    assert.equal(error?.code, -32601);
    assert.match(error?.message ?? "", /eth_doesNotExist does not exist/);
  });

  it("answers wrong params with -32602", async () => {
    for (const [method, params] of [
      ["eth_getBalance", ["0x1234", "latest"]],
      ["eth_getBalance", [DEV_ADDRESSES[0], "lastest"]],
      ["eth_getBlockByNumber", ["0x01", false]],
      ["eth_getBlockByNumber", []],
      ["eth_chainId", [1]],
      ["eth_call", ["not an object"]],
      ["eth_getLogs", [{ topics: "0x12" }]],
    ] as const) {
      const { error } = await rpcCall(node, method, [...params]);
      assert.equal(error?.code, -32602, `${method} ${JSON.stringify(params)}: ${JSON.stringify(error)}`);
    }
    const { error } = await rpcCall(node, "eth_getBalance", ["0x1234", "latest"]);
    assert.match(error?.message ?? "", /^invalid argument 0: hex string has length 4, want 40/);
  });

  it("runs batches in order, a batch of one as an array, notifications unanswered", async () => {
    const { json } = await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: 1, method: "eth_chainId" },
        { jsonrpc: "2.0", method: "eth_chainId" },
        { jsonrpc: "2.0", id: 2, method: "nope" },
        { jsonrpc: "2.0", id: 3, method: "net_version" },
      ]),
    );
    assert.ok(Array.isArray(json));
    assert.deepEqual(
      json.map((r) => [r.id, r.result ?? r.error?.code]),
      [
        [1, `0x${DEVNET_CHAIN_ID.toString(16)}`],
        [2, -32601],
        [3, String(DEVNET_CHAIN_ID)],
      ],
    );
    const single = await post(JSON.stringify([{ jsonrpc: "2.0", id: 7, method: "eth_chainId" }]));
    assert.ok(Array.isArray(single.json) && single.json.length === 1);
    const onlyNotification = await post(JSON.stringify({ jsonrpc: "2.0", method: "eth_chainId" }));
    assert.equal(onlyNotification.json, undefined);
  });

  it("refuses invalid RLP, a bad signature and a wrong chain id with geth's texts", async () => {
    const invalidRlp = await rpcCall(node, "eth_sendRawTransaction", ["0x02deadbeef"]);
    assert.equal(invalidRlp.error?.code, -32000);
    assert.match(invalidRlp.error?.message ?? "", /rlp/i);

    // r = 0 is no signature at all: nothing can be recovered from it.
    const fields = [
      toBeArray(DEVNET_CHAIN_ID),
      "0x",
      toBeArray(1_000_000_000n),
      toBeArray(10_000_000_000n),
      toBeArray(21000n),
      DEV_ADDRESSES[0],
      "0x01",
      "0x",
      [],
      "0x",
      "0x",
      "0x01",
    ];
    const badSignature = concat(["0x02", encodeRlp(fields)]);
    const badSig = await rpcCall(node, "eth_sendRawTransaction", [badSignature]);
    assert.equal(badSig.error?.code, -32000, JSON.stringify(badSig));
    assert.match(badSig.error?.message ?? "", /invalid (transaction v, r, s values|sender)/);

    const wrongChain = await rpcCall(node, "eth_sendRawTransaction", [await signTransfer({ chainId: 1 })]);
    assert.equal(wrongChain.error?.code, -32000);
    assert.match(wrongChain.error?.message ?? "", /invalid chain id/);

    const notHex = await rpcCall(node, "eth_sendRawTransaction", ["hello"]);
    assert.equal(notHex.error?.code, -32602);
  });

  it("refuses the high-s twin of a legacy transaction (EIP-2) with geth's text; the canonical one is accepted", async () => {
    const signed = Transaction.from(
      await wallet.signTransaction({
        type: 0,
        chainId: DEVNET_CHAIN_ID,
        nonce: 9,
        to: DEV_ADDRESSES[0],
        value: 1n,
        gasLimit: 21000n,
        gasPrice: 10_000_000_000n,
      }),
    );
    const sig = signed.signature!;
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const fields = [
      toBeArray(signed.nonce),
      toBeArray(signed.gasPrice!),
      toBeArray(signed.gasLimit),
      signed.to!,
      toBeArray(signed.value),
      "0x",
      // v = chainId * 2 + 35 + parity: the twin has the other parity.
      toBeArray(BigInt(DEVNET_CHAIN_ID) * 2n + 35n + (sig.yParity === 0 ? 1n : 0n)),
      toBeArray(BigInt(sig.r)),
      toBeArray(n - BigInt(sig.s)),
    ];
    const twin = await rpcCall(node, "eth_sendRawTransaction", [encodeRlp(fields)]);
    assert.equal(twin.error?.code, -32000, JSON.stringify(twin));
    assert.equal(twin.error?.message, "invalid transaction v, r, s values");
    const canonical = await rpcCall(node, "eth_sendRawTransaction", [signed.serialized]);
    assert.equal(canonical.error, undefined, JSON.stringify(canonical));
    assert.equal(canonical.result, signed.hash);
  });

  /** The probe's inputs that were answered -32603 "internal error": each is the caller's error. */
  const outOfRange: { desc: string; method: string; params: unknown[]; code: number; message: RegExp }[] = [
    {
      desc: "block number 2^64",
      method: "eth_getBlockByNumber",
      params: ["0x10000000000000000", false],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "balance at block 2^64",
      method: "eth_getBalance",
      params: [DEV_ADDRESSES[0], "0x10000000000000000"],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "nonce at block 2^64",
      method: "eth_getTransactionCount",
      params: [DEV_ADDRESSES[0], "0x10000000000000000"],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "tx count of block 2^64",
      method: "eth_getBlockTransactionCountByNumber",
      params: ["0x10000000000000000"],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      // Of a block far ahead: the index is refused whether or not the block exists yet.
      desc: "tx index 2^64",
      method: "eth_getTransactionByBlockNumberAndIndex",
      params: ["0xffffff", "0x10000000000000000"],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "tx index 2^64 in an unknown block hash",
      method: "eth_getTransactionByBlockHashAndIndex",
      params: [`0x${"00".repeat(32)}`, "0x10000000000000000"],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "logs from block 2^64",
      method: "eth_getLogs",
      params: [{ fromBlock: "0x10000000000000000" }],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "eth_call with gasPrice 2^256 − 1",
      method: "eth_call",
      params: [{ from: DEV_ADDRESSES[0], to: DEV_ADDRESSES[1], gasPrice: `0x${"f".repeat(64)}` }, "latest"],
      code: -32602,
      message: /gasPrice \* gas exceeds/,
    },
    {
      desc: "eth_call with maxFeePerGas 2^256 − 1",
      method: "eth_call",
      params: [{ from: DEV_ADDRESSES[0], to: DEV_ADDRESSES[1], maxFeePerGas: `0x${"f".repeat(64)}` }, "latest"],
      code: -32602,
      message: /maxFeePerGas \* gas exceeds/,
    },
    {
      desc: "eth_call with nonce 2^64 − 1",
      method: "eth_call",
      params: [{ from: DEV_ADDRESSES[0], to: DEV_ADDRESSES[1], nonce: "0xffffffffffffffff" }, "latest"],
      code: -32602,
      message: /nonce has max value/,
    },
    {
      desc: "eth_call with gas 2^64",
      method: "eth_call",
      params: [{ to: DEV_ADDRESSES[1], gas: "0x10000000000000000" }],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "eth_call with 400 KB of init code",
      method: "eth_call",
      params: [{ from: DEV_ADDRESSES[0], data: `0x${"00".repeat(400_000)}` }, "latest"],
      code: -32602,
      message: /max initcode size exceeded: code size 400000, limit 49152/,
    },
    {
      desc: "eth_estimateGas with 400 KB of init code",
      method: "eth_estimateGas",
      params: [{ from: DEV_ADDRESSES[0], data: `0x${"00".repeat(400_000)}` }],
      code: -32602,
      message: /max initcode size exceeded/,
    },
    { desc: "eth_feeHistory count -1", method: "eth_feeHistory", params: [-1, "latest", []], code: -32602, message: /invalid count -1/ },
    {
      desc: "eth_feeHistory count 2^64",
      method: "eth_feeHistory",
      params: ["0x10000000000000000", "latest", []],
      code: -32602,
      message: /> 64 bits/,
    },
    {
      desc: "eth_getLogs with 1,001 addresses",
      method: "eth_getLogs",
      params: [{ address: Array.from({ length: 1001 }, (_, i) => `0x${i.toString(16).padStart(40, "0")}`) }],
      code: -32602,
      message: /exceed max addresses/,
    },
    {
      desc: "a raw transaction whose access list holds a bare address",
      method: "eth_sendRawTransaction",
      params: [
        concat([
          "0x02",
          encodeRlp([
            toBeArray(DEVNET_CHAIN_ID),
            "0x01",
            "0x01",
            "0x01",
            "0x5208",
            DEV_ADDRESSES[0],
            "0x01",
            "0x",
            [DEV_ADDRESSES[1]],
            "0x01",
            "0x01",
            "0x01",
          ]),
        ]),
      ],
      code: -32000,
      message: /^rlp: invalid transaction encoding$/,
    },
  ];
  for (const { desc, method, params, code, message } of outOfRange) {
    it(`${desc}: ${code}, not -32603`, async () => {
      const { error } = await rpcCall(node, method, params);
      assert.equal(error?.code, code, JSON.stringify(error));
      assert.match(error?.message ?? "", message);
      assert.doesNotMatch(error?.message ?? "", /Cannot read properties|undefined|TypeError/);
    });
  }

  it("refuses a replacement without a price bump and a nonce too low", async () => {
    const first = await rpcCall(node, "eth_sendRawTransaction", [
      await wallet.signTransaction({
        type: 2,
        chainId: DEVNET_CHAIN_ID,
        nonce: 5,
        to: DEV_ADDRESSES[0],
        value: 1n,
        gasLimit: 21000n,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      }),
    ]);
    assert.equal(first.error, undefined, JSON.stringify(first));
    const replacement = await rpcCall(node, "eth_sendRawTransaction", [
      await wallet.signTransaction({
        type: 2,
        chainId: DEVNET_CHAIN_ID,
        nonce: 5,
        to: DEV_ADDRESSES[1],
        value: 1n,
        gasLimit: 21000n,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      }),
    ]);
    assert.equal(replacement.error?.code, -32000);
    assert.match(replacement.error?.message ?? "", /replacement transaction underpriced/);
  });

  it("answers an oversized body with HTTP 413 and a JSON-RPC error", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: ["x".repeat(2 * 1024 * 1024)] });
    const { status, json } = await post(big);
    assert.equal(status, 413);
    assert.equal((json as RpcResponse).error?.code, -32600);
    assert.match((json as RpcResponse).error?.message ?? "", /too large/);
  });

  it("keeps browsers out by default (as geth): no CORS, Host allow-list, JSON only, WebSocket Origin allow-list", async () => {
    const preflight = await fetch(node.url, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), null);
    const fromPage = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId" }), { Origin: "https://evil.example" });
    assert.equal(fromPage.status, 200);
    assert.equal(fromPage.headers.get("access-control-allow-origin"), null);
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends Host: evil.example.
    const rebound = await rawRequest(node.port, { "Content-Type": "application/json", Host: "evil.example" });
    assert.equal(rebound.status, 403);
    assert.equal(rebound.body, "invalid host specified\n");
    // text/plain is what a page may POST cross-origin without a preflight: never executed.
    const plain = await fetch(node.url, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
    assert.equal(plain.status, 415);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(node.wsUrl, { headers: { Origin: "https://evil.example" } });
        ws.once("open", () => resolve(ws.close()));
        ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once("error", reject);
      }),
      /HTTP 403/,
    );
  });

  it("serves /health and /metrics", async () => {
    const health = (await (await fetch(`${node.url}/health`)).json()) as { status: string; chainId: number };
    assert.equal(health.status, "ok");
    assert.equal(health.chainId, DEVNET_CHAIN_ID);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    assert.match(metrics, /eigen_node_rpc_requests_total\{method="eth_chainId",code="0"\}/);
    assert.match(metrics, /eigen_node_rpc_requests_total\{method="unknown",code="-32601"\}/);
    assert.match(metrics, /eigen_node_block_height \d+/);
    assert.match(metrics, /eigen_node_blocks_produced_total/);
    assert.match(metrics, /process_cpu_user_seconds_total/);
    assert.match(metrics, /eigen_mempool_/);
  });

  it("serves the read-only methods wallets call", async () => {
    await waitUntilHeight(node, 4);
    const results = Object.fromEntries(
      await Promise.all(
        (
          [
            ["web3_clientVersion", []],
            ["net_listening", []],
            ["net_peerCount", []],
            ["eth_syncing", []],
            ["eth_accounts", []],
            ["eth_gasPrice", []],
            ["eth_maxPriorityFeePerGas", []],
            ["eth_feeHistory", ["0x4", "latest", [25, 75]]],
            ["eth_getBlockByNumber", ["earliest", false]],
            ["eth_getBlockByNumber", ["finalized", false]],
            ["eth_getBlockByNumber", ["safe", true]],
            ["eth_getBlockByNumber", ["pending", false]],
            ["eth_getBlockByNumber", ["0xffffff", false]],
            ["eth_getBlockTransactionCountByNumber", ["latest"]],
            ["eth_getTransactionByHash", [`0x${"11".repeat(32)}`]],
            ["eth_getTransactionReceipt", [`0x${"11".repeat(32)}`]],
            ["eth_getStorageAt", [DEV_ADDRESSES[0], "0x0", "latest"]],
            ["eth_estimateGas", [{ from: DEV_ADDRESSES[0], to: DEV_ADDRESSES[1], value: "0x1" }]],
          ] as const
        ).map(async ([method, params]) => [`${method} ${JSON.stringify(params)}`, await rpcCall(node, method, [...params])] as const),
      ),
    );
    for (const [name, response] of Object.entries(results))
      assert.equal(response.error, undefined, `${name}: ${JSON.stringify(response.error)}`);
    assert.match(String(results["web3_clientVersion []"]!.result), /^eigenchain\/v/);
    assert.equal(results["eth_syncing []"]!.result, false);
    assert.equal(results['eth_getBlockByNumber ["0xffffff",false]']!.result, null);
    assert.equal((results['eth_getBlockByNumber ["earliest",false]']!.result as { number: string }).number, "0x0");
    assert.equal(
      results[
        'eth_estimateGas [{"from":"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266","to":"0x70997970C51812dc3A010C7d01b50e0d17dc79C8","value":"0x1"}]'
      ]!.result,
      "0x5208",
    );
    const history = results['eth_feeHistory ["0x4","latest",[25,75]]']!.result as {
      baseFeePerGas: string[];
      reward: string[][];
    };
    assert.equal(history.baseFeePerGas.length, 5);
    assert.equal(history.reward.length, 4);

    const genesis = (await rpcCall(node, "eth_getBlockByNumber", ["0x0", false])).result as { hash: string };
    const byHashObject = await rpcCall(node, "eth_getBalance", [DEV_ADDRESSES[0], { blockHash: genesis.hash }]);
    assert.equal(byHashObject.result, "0x21e19e0c9bab2400000");
    const missingState = await rpcCall(node, "eth_getBalance", [DEV_ADDRESSES[0], "0xffffff"]);
    assert.equal(missingState.error?.code, -32000);
    assert.equal(missingState.error?.message, "header not found");
  });

  it("serves polling filters", async () => {
    const blockFilter = (await rpcCall(node, "eth_newBlockFilter")).result as string;
    const pendingFilter = (await rpcCall(node, "eth_newPendingTransactionFilter")).result as string;
    const logFilter = (await rpcCall(node, "eth_newFilter", [{ fromBlock: "0x0", address: DEV_ADDRESSES[0] }])).result as string;
    const height = Number((await rpcCall(node, "eth_blockNumber")).result);
    const sent = await rpcCall(node, "eth_sendRawTransaction", [await signTransfer({ nonce: 0 })]);
    assert.equal(sent.error, undefined, JSON.stringify(sent));
    await waitUntilHeight(node, height + 2);
    const blocks = (await rpcCall(node, "eth_getFilterChanges", [blockFilter])).result as string[];
    assert.ok(blocks.length >= 2);
    assert.deepEqual((await rpcCall(node, "eth_getFilterChanges", [pendingFilter])).result, [sent.result]);
    assert.deepEqual((await rpcCall(node, "eth_getFilterChanges", [logFilter])).result, []);
    assert.deepEqual((await rpcCall(node, "eth_getFilterLogs", [logFilter])).result, []);
    assert.equal((await rpcCall(node, "eth_uninstallFilter", [blockFilter])).result, true);
    assert.equal((await rpcCall(node, "eth_uninstallFilter", [blockFilter])).result, false);
    const gone = await rpcCall(node, "eth_getFilterChanges", [blockFilter]);
    assert.equal(gone.error?.code, -32000);
    assert.equal(gone.error?.message, "filter not found");
  });

  it("refuses eth_subscribe over HTTP and handles bad WebSocket messages", async () => {
    const overHttp = await rpcCall(node, "eth_subscribe", ["newHeads"]);
    assert.equal(overHttp.error?.code, -32601);
    assert.equal(overHttp.error?.message, "notifications not supported");

    const ws = new WebSocket(node.wsUrl);
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const replies: RpcResponse[] = [];
    const nextReply = () =>
      new Promise<RpcResponse>((resolve) => ws.once("message", (data) => resolve(JSON.parse(String(data)) as RpcResponse)));
    try {
      let reply = nextReply();
      ws.send("{oops");
      replies.push(await reply);
      reply = nextReply();
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "eth_subscribe", params: ["nonsense"] }));
      replies.push(await reply);
      reply = nextReply();
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "eth_subscribe", params: ["newHeads"] }));
      replies.push(await reply);
      const head = nextReply();
      const notification = (await head) as unknown as {
        method: string;
        params: { subscription: string; result: { number: string } };
      };
      assert.equal(notification.method, "eth_subscription");
      assert.equal(notification.params.subscription, replies[2]!.result);
      reply = nextReply();
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 4, method: "eth_unsubscribe", params: [replies[2]!.result] }));
      let unsubscribed = await reply;
      while (unsubscribed.id !== 4) unsubscribed = await nextReply();
      assert.equal(unsubscribed.result, true);
    } finally {
      ws.close();
    }
    assert.equal(replies[0]!.error?.code, -32700);
    assert.equal(replies[1]!.error?.code, -32602);
    assert.match(String(replies[2]!.result), /^0x[0-9a-f]+$/);
  });

  it("is still up and producing blocks after all of that", async () => {
    const height = Number((await rpcCall(node, "eth_blockNumber")).result);
    await waitUntilHeight(node, height + 1);
    assert.equal(node.child.exitCode, null);
  });
});
