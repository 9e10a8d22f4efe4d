import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createP2PMetrics, DISCONNECT_SCORE_THRESHOLD, type P2PNetwork } from "../../src/index.js";
import { addressOf, isConnected, startTestNetwork, stopAll, waitFor } from "../helpers/network.js";

const text = (data: Uint8Array) => Buffer.from(data).toString();
const bytes = (s: string) => new TextEncoder().encode(s);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function metricValue(register: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await register.getMetricsAsJSON()).find((m) => m.name === name);
  const value = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return Number(value?.value ?? 0);
}

async function waitForAsync(condition: () => Promise<boolean>, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await sleep(20);
  }
}

describe("peer scoring", { timeout: 60_000 }, () => {
  it("a peer sending junk and oversize messages is scored down, hung up and kept out; the good peer stays", async (t) => {
    const networks: P2PNetwork[] = [];
    t.after(() => stopAll(networks));
    const register = new Registry();
    // A, the receiver, checks scores every 100 ms and bans for 60 s (the default).
    const a = await startTestNetwork({ name: "A", peerCheckIntervalMs: 100, metrics: createP2PMetrics(register) });
    networks.push(a);
    const connectsAtA: string[] = [];
    a.on("peer:connect", (peerId) => connectsAtA.push(peerId));
    const good = await startTestNetwork({ name: "good", bootstrap: [addressOf(a)] });
    networks.push(good);
    // The junk peer allows itself larger messages than A does on the same topic.
    const junk = await startTestNetwork({ name: "junk", bootstrap: [addressOf(a)], topics: [{ name: "tx", maxBytes: 64 * 1024 }] });
    networks.push(junk);
    const atA: string[] = [];
    a.setValidator("tx", (data) => (text(data).startsWith("junk") ? "reject" : "accept"));
    a.onMessage("tx", (data) => atA.push(text(data)));
    await waitFor(() => a.getTopicPeers("tx").length === 2 && junk.getTopicPeers("tx").includes(a.peerId), 10_000, "subscriptions known");

    // Three invalid messages: count² × −100 = −900, below the −800 disconnect threshold.
    const rejectedByA = () => metricValue(register, "eigen_p2p_gossip_messages_total", { topic: "tx", verdict: "reject" });
    await junk.publish("tx", new Uint8Array(4096)); // oversize at A: rejected unread
    await junk.publish("tx", bytes("junk 1"));
    await junk.publish("tx", bytes("junk 2"));
    await waitForAsync(async () => (await rejectedByA()) === 3, "A rejects all three");
    // gossipsub caches scores for a heartbeat (1 s), so the hang-up may lag the third message by that much
    await waitFor(() => !isConnected(a, junk), 5000, "A hangs up the junk peer");

    const disconnect = a.logger.entries.find((e) => e.message === "Disconnecting peer with low score");
    assert.equal(disconnect?.level, "info");
    assert.equal(disconnect?.context?.peer, junk.peerId);
    assert.ok(Number(disconnect?.context?.score) < DISCONNECT_SCORE_THRESHOLD, `score ${disconnect?.context?.score}`);
    assert.equal(await metricValue(register, "eigen_p2p_peer_disconnects_total", { reason: "low_score" }), 1);
    assert.ok((await metricValue(register, "eigen_p2p_gossip_messages_total", { topic: "tx", verdict: "reject" })) >= 3);

    // The junk peer keeps re-dialling A (every 250 ms here); A's gater drops each connection before it counts.
    const dialsBefore = junk.logger.entries.filter((e) => e.message === "Dialled bootstrap peer").length;
    await sleep(1500);
    const dialsAfter = junk.logger.entries.filter((e) => e.message === "Dialled bootstrap peer").length;
    assert.ok(dialsAfter - dialsBefore >= 2, `the junk peer re-dialled (${dialsAfter - dialsBefore} times)`);
    assert.equal(isConnected(a, junk), false, "still out during the ban");
    assert.deepEqual(
      connectsAtA.filter((id) => id === junk.peerId),
      [junk.peerId],
      "A saw the junk peer connect only once",
    );

    await good.publish("tx", bytes("still working"));
    await waitFor(() => atA.includes("still working"), 10_000, "A still receives from the good peer");
    assert.ok(isConnected(a, good));
    assert.ok((a.getPeers().find((p) => p.peerId === good.peerId)?.score ?? -1) >= 0, "the good peer's score is not negative");
    assert.deepEqual(
      atA.filter((m) => m.startsWith("junk")),
      [],
    );
  });
});
