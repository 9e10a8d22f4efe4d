// Prometheus metrics of the p2p package, `eigen_p2p_<name>_<unit>`.
import { Counter, Gauge, type Registry } from "prom-client";
import type { GossipVerdict } from "./verdict.js";

export type PeerDisconnectReason = "low_score" | "closed";
export type ReqRespSide = "client" | "server";
export type ReqRespOutcome = "success" | "limit" | "timeout" | "handler_error" | "dial_error" | "stream_error" | "bad_request";

/** P2P metrics; pass `null` where metrics are off. Labels are bounded: topic and protocol names come from config and code. */
export function createP2PMetrics(register: Registry) {
  const registers = [register];
  const peers = new Gauge({ name: "eigen_p2p_connected_peers", help: "Connected peers", registers });
  const bannedPeers = new Gauge({ name: "eigen_p2p_banned_peers", help: "Peers refused for a low score", registers });
  const peerScore = new Gauge({
    name: "eigen_p2p_peer_score",
    help: "Gossipsub scores of the connected peers at the last peer check: lowest, median and highest",
    labelNames: ["stat"] as const,
    registers,
  });
  const gossipMessages = new Counter({
    name: "eigen_p2p_gossip_messages_total",
    help: "Gossip messages received, by topic and validation verdict",
    labelNames: ["topic", "verdict"] as const,
    registers,
  });
  const gossipPublished = new Counter({
    name: "eigen_p2p_gossip_published_total",
    help: "Gossip messages published by this node, by topic",
    labelNames: ["topic"] as const,
    registers,
  });
  const peerDisconnects = new Counter({
    name: "eigen_p2p_peer_disconnects_total",
    help: "Peer disconnections, by reason (low_score: hung up by the peer manager)",
    labelNames: ["reason"] as const,
    registers,
  });
  const reqRespRequests = new Counter({
    name: "eigen_p2p_reqresp_requests_total",
    help: "Request/response exchanges, by protocol, side and outcome",
    labelNames: ["protocol", "side", "outcome"] as const,
    registers,
  });
  const reqRespBytes = new Counter({
    name: "eigen_p2p_reqresp_bytes_total",
    help: "Request/response payload bytes, by protocol and direction",
    labelNames: ["protocol", "direction"] as const,
    registers,
  });
  return {
    peers,
    bannedPeers,
    gossipMessages,
    gossipPublished,
    peerDisconnects,
    reqRespRequests,
    reqRespBytes,
    peerScore,
    /** The connected peers' scores (none connected: every stat reads 0). */
    onPeerScores(scores: readonly number[]): void {
      const sorted = [...scores].sort((a, b) => a - b);
      peerScore.set({ stat: "min" }, sorted[0] ?? 0);
      peerScore.set({ stat: "median" }, sorted[Math.floor(sorted.length / 2)] ?? 0);
      peerScore.set({ stat: "max" }, sorted[sorted.length - 1] ?? 0);
    },
    onGossipMessage(topic: string, verdict: GossipVerdict): void {
      gossipMessages.inc({ topic, verdict });
    },
    onDisconnect(reason: PeerDisconnectReason): void {
      peerDisconnects.inc({ reason });
    },
    onRequest(protocol: string, side: ReqRespSide, outcome: ReqRespOutcome): void {
      reqRespRequests.inc({ protocol, side, outcome });
    },
    onBytes(protocol: string, direction: "sent" | "received", bytes: number): void {
      reqRespBytes.inc({ protocol, direction }, bytes);
    },
  };
}

export type P2PMetrics = ReturnType<typeof createP2PMetrics>;
