import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GossipVerdict, P2PNetwork } from "../../src/index.js";
import { addressOf, isConnected, startTestNetwork, stopAll, waitFor } from "../helpers/network.js";

const text = (data: Uint8Array) => Buffer.from(data).toString();
const bytes = (s: string) => new TextEncoder().encode(s);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Records the accepted messages a network hands to its `tx` handler. */
function collect(network: P2PNetwork): string[] {
  const received: string[] = [];
  network.onMessage("tx", (data) => received.push(text(data)));
  return received;
}

function acceptAll(network: P2PNetwork): void {
  network.setValidator("tx", () => "accept");
}

describe("gossip", { timeout: 30_000 }, () => {
  it("a message published by C reaches A and B (B and C bootstrap to A); identical payloads dedupe", async (t) => {
    const networks: P2PNetwork[] = [];
    t.after(() => stopAll(networks));
    const a = await startTestNetwork({ name: "A" });
    networks.push(a);
    const b = await startTestNetwork({ name: "B", bootstrap: [addressOf(a)] });
    networks.push(b);
    const c = await startTestNetwork({ name: "C", bootstrap: [addressOf(a)] });
    networks.push(c);
    for (const n of networks) acceptAll(n);
    const [atA, atB, atC] = [collect(a), collect(b), collect(c)];
    await waitFor(
      () => a.getTopicPeers("tx").length === 2 && b.getTopicPeers("tx").includes(a.peerId) && c.getTopicPeers("tx").includes(a.peerId),
      10_000,
      "subscriptions known",
    );

    await c.publish("tx", bytes("hello from C"));
    await waitFor(() => atA.includes("hello from C") && atB.includes("hello from C"), 10_000, "A and B receive C's message");
    assert.deepEqual(atC, [], "no echo to the publisher");

    await Promise.all([b.publish("tx", bytes("twin")), c.publish("tx", bytes("twin"))]);
    await c.publish("tx", bytes("hello from C")); // already seen: a no-op, not an error
    await c.publish("tx", bytes("marker"));
    await waitFor(() => atA.includes("marker") && atB.includes("marker") && atA.includes("twin"), 10_000, "A and B receive the rest");
    await sleep(200);
    assert.deepEqual([...atA].sort(), ["hello from C", "marker", "twin"], "each payload delivered once at A");
    assert.deepEqual(
      atB.filter((m) => m === "twin"),
      [],
      "B published twin itself, so C's copy is a duplicate",
    );
  });

  it("publish: resolves with no peers; throws for an unknown topic or an oversize message", async (t) => {
    const a = await startTestNetwork({ name: "A" });
    t.after(() => stopAll([a]));
    await a.publish("tx", bytes("nobody listens"));
    await assert.rejects(a.publish("nope", bytes("x")), { code: "P2P_UNKNOWN_TOPIC" });
    await assert.rejects(a.publish("tx", new Uint8Array(1025)), { code: "P2P_GOSSIP_TOO_LARGE" });
    assert.throws(() => a.setValidator("nope", () => "accept"), { code: "P2P_UNKNOWN_TOPIC" });
  });

  it("in a line A–B–C, what B ignores or rejects never reaches C; what B accepts does", async (t) => {
    const networks: P2PNetwork[] = [];
    t.after(() => stopAll(networks));
    const a = await startTestNetwork({ name: "A" });
    networks.push(a);
    const b = await startTestNetwork({ name: "B", bootstrap: [addressOf(a)] });
    networks.push(b);
    const c = await startTestNetwork({ name: "C", bootstrap: [addressOf(b)] });
    networks.push(c);
    const verdicts = new Map<string, GossipVerdict>([
      ["bad", "reject"],
      ["meh", "ignore"],
    ]);
    const seenByB: string[] = [];
    b.setValidator("tx", (data) => {
      seenByB.push(text(data));
      return verdicts.get(text(data)) ?? "accept";
    });
    acceptAll(c);
    const [atB, atC] = [collect(b), collect(c)];
    await waitFor(() => a.getTopicPeers("tx").includes(b.peerId) && b.getTopicPeers("tx").length === 2, 10_000, "subscriptions known");
    assert.equal(isConnected(a, c), false, "A and C are not directly connected");

    await a.publish("tx", bytes("bad"));
    await a.publish("tx", bytes("meh"));
    await waitFor(() => seenByB.includes("bad") && seenByB.includes("meh"), 10_000, "B validates both");
    await a.publish("tx", bytes("good"));
    await waitFor(() => atC.includes("good"), 10_000, "C receives the accepted message");
    await sleep(300); // a late forward of "bad" or "meh" would have landed by now
    assert.deepEqual(atC, ["good"]);
    assert.deepEqual(atB, ["good"], "B's handler sees only accepted messages");
  });
});
