import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isEigenError } from "@eigenchain/chain";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { type P2PNetwork, peerIdFromKey } from "../../src/index.js";
import { addressOf, isConnected, startTestNetwork, stopAll, waitFor } from "../helpers/network.js";

/** Item i of a response: `size` bytes of the value i. */
const item = (i: number, size: number) => new Uint8Array(size).fill(i);
/** A request asking for `count` items of `size` bytes. */
const ask = (count: number, size = 100) => new Uint8Array(new Uint32Array([count, size]).buffer);

function parseAsk(request: Uint8Array): { count: number; size: number } {
  const view = new DataView(request.buffer, request.byteOffset, request.byteLength);
  return { count: view.getUint32(0, true), size: view.getUint32(4, true) };
}

describe("req/resp", { timeout: 60_000 }, () => {
  let server: P2PNetwork;
  let client: P2PNetwork;
  const releaseSlow: Array<() => void> = [];

  before(async () => {
    server = await startTestNetwork({ name: "server" });
    server.handleRequest("items", async (request) => {
      const { count, size } = parseAsk(request);
      return Array.from({ length: count }, (_, i) => item(i, size));
    });
    server.handleRequest(
      "items_generous",
      async (request) => {
        const { count, size } = parseAsk(request);
        return Array.from({ length: count }, (_, i) => item(i, size));
      },
      { maxItems: 1000 },
    );
    server.handleRequest(
      "items_stingy",
      async (request) => {
        const { count, size } = parseAsk(request);
        return Array.from({ length: count }, (_, i) => item(i, size));
      },
      { maxResponseBytes: 250, maxItemBytes: 100 },
    );
    server.handleRequest("fails", async () => {
      throw new Error("handler failed");
    });
    server.handleRequest("slow", () => new Promise((resolve) => releaseSlow.push(() => resolve([]))));
    server.handleRequest("whoami", async (_request, fromPeer) => [new TextEncoder().encode(fromPeer)]);
    client = await startTestNetwork({ name: "client", bootstrap: [addressOf(server)] });
    await waitFor(() => isConnected(client, server), 10_000, "client connects");
  });

  after(async () => {
    for (const release of releaseSlow) release();
    await stopAll([client, server]);
  });

  it("round trip: N items in order, and zero items", async () => {
    const items = await client.request(server.peerId, "items", ask(5));
    assert.deepEqual(
      items,
      [0, 1, 2, 3, 4].map((i) => item(i, 100)),
    );
    assert.deepEqual(await client.request(server.peerId, "items", ask(0)), []);
    const [who] = await client.request(server.peerId, "whoami", new Uint8Array(0));
    assert.equal(new TextDecoder().decode(who), client.peerId, "the handler learns the requesting peer");
  });

  it("large items cross intact (3 × 3 MiB)", async () => {
    const items = await client.request(server.peerId, "items", ask(3, 3 * 1024 * 1024));
    assert.equal(items.length, 3);
    for (const [i, got] of items.entries()) assert.ok(got.length === 3 * 1024 * 1024 && got.every((b) => b === i));
  });

  it("concurrent requests do not mix", async () => {
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => client.request(server.peerId, "items", ask(n, 10 * n))));
    for (const [k, items] of results.entries())
      assert.deepEqual(
        items,
        Array.from({ length: k + 1 }, (_, i) => item(i, 10 * (k + 1))),
      );
  });

  it("the server stops at its limits (default maxItems 128; maxResponseBytes, maxItemBytes)", async () => {
    const items = await client.request(server.peerId, "items", ask(200, 10));
    assert.equal(items.length, 128);
    assert.equal((await client.request(server.peerId, "items_stingy", ask(5, 100))).length, 2, "maxResponseBytes 250");
    assert.equal((await client.request(server.peerId, "items_stingy", ask(5, 101))).length, 0, "maxItemBytes 100");
  });

  it("the client rejects a response above its limits, naming the limit", async () => {
    const cases = [
      { limits: { maxItems: 5 }, count: 6, size: 10, limit: "maxItems" },
      { limits: { maxItemBytes: 50 }, count: 1, size: 51, limit: "maxItemBytes" },
      { limits: { maxResponseBytes: 250 }, count: 3, size: 100, limit: "maxResponseBytes" },
    ];
    for (const c of cases) {
      await assert.rejects(client.request(server.peerId, "items", ask(c.count, c.size), { limits: c.limits }), (err) => {
        assert.ok(isEigenError(err, "P2P_REQRESP_LIMIT"), String(err));
        assert.equal((err as unknown as { type: { limit: string } }).type.limit, c.limit);
        assert.match((err as Error).message, new RegExp(c.limit));
        return true;
      });
    }
    // the server's own limit is higher, the client's default is lower
    await assert.rejects(client.request(server.peerId, "items_generous", ask(129, 1)), { code: "P2P_REQRESP_LIMIT" });
    // the same exchange within both limits still works afterwards
    assert.equal((await client.request(server.peerId, "items", ask(5, 10), { limits: { maxItems: 5 } })).length, 5);
  });

  it("a request above maxRequestBytes is refused by the client, and by the server", async () => {
    await assert.rejects(client.request(server.peerId, "items", new Uint8Array(1025)), { code: "P2P_REQRESP_LIMIT" });
    const big = new Uint8Array(2048);
    big.set(ask(1));
    await assert.rejects(client.request(server.peerId, "items", big, { limits: { maxRequestBytes: 4096 } }), {
      code: "P2P_REQRESP_STREAM_FAILED",
    });
  });

  it("a failing handler fails the request with a clear error", async () => {
    await assert.rejects(client.request(server.peerId, "fails", new Uint8Array(1)), (err) => {
      assert.ok(isEigenError(err, "P2P_REQRESP_STREAM_FAILED"), String(err));
      assert.match((err as Error).message, /remote handler failed/);
      return true;
    });
  });

  it("times out", async () => {
    const started = Date.now();
    await assert.rejects(client.request(server.peerId, "slow", new Uint8Array(1), { timeoutMs: 300 }), { code: "P2P_REQRESP_TIMEOUT" });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 250 && elapsed < 3000, `took ${elapsed} ms`);
  });

  it("an unknown protocol or peer fails to dial", async () => {
    await assert.rejects(client.request(server.peerId, "nope", new Uint8Array(1)), { code: "P2P_REQRESP_DIAL_FAILED" });
    assert.throws(() => server.handleRequest("items", async () => []), { code: "P2P_DUPLICATE_HANDLER" });
    await assert.rejects(client.request("not-a-peer-id", "items", ask(1)), { code: "P2P_INVALID_PEER_ID" });
    const stranger = peerIdFromKey(await generateKeyPair("Ed25519"));
    await assert.rejects(client.request(stranger, "items", ask(1), { timeoutMs: 2000 }), { code: "P2P_REQRESP_DIAL_FAILED" });
  });
});
