import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Registry } from "prom-client";
import { createP2PMetrics } from "../../src/index.js";

describe("p2p metrics", () => {
  it("are named eigen_p2p_<name>_<unit>", async () => {
    const register = new Registry();
    createP2PMetrics(register);
    const names = (await register.getMetricsAsJSON()).map((m) => m.name).sort();
    assert.deepEqual(names, [
      "eigen_p2p_banned_peers",
      "eigen_p2p_connected_peers",
      "eigen_p2p_gossip_messages_total",
      "eigen_p2p_gossip_published_total",
      "eigen_p2p_peer_disconnects_total",
      "eigen_p2p_peer_score",
      "eigen_p2p_reqresp_bytes_total",
      "eigen_p2p_reqresp_requests_total",
    ]);
  });

  it("count with bounded labels", async () => {
    const register = new Registry();
    const metrics = createP2PMetrics(register);
    metrics.onGossipMessage("tx", "reject");
    metrics.onRequest("blocks", "client", "timeout");
    metrics.onBytes("blocks", "received", 100);
    const text = await register.metrics();
    assert.match(text, /eigen_p2p_gossip_messages_total\{topic="tx",verdict="reject"\} 1/);
    assert.match(text, /eigen_p2p_reqresp_requests_total\{protocol="blocks",side="client",outcome="timeout"\} 1/);
    assert.match(text, /eigen_p2p_reqresp_bytes_total\{protocol="blocks",direction="received"\} 100/);
  });

  it("summarise the peers' scores as lowest, median and highest", async () => {
    const register = new Registry();
    const metrics = createP2PMetrics(register);
    metrics.onPeerScores([3, -40, 12.5]);
    let text = await register.metrics();
    assert.match(text, /eigen_p2p_peer_score\{stat="min"\} -40/);
    assert.match(text, /eigen_p2p_peer_score\{stat="median"\} 3/);
    assert.match(text, /eigen_p2p_peer_score\{stat="max"\} 12.5/);
    metrics.onPeerScores([]);
    text = await register.metrics();
    assert.match(text, /eigen_p2p_peer_score\{stat="min"\} 0/);
  });
});
