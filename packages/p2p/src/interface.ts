// Public types of @eigenchain/p2p: options, modules, callbacks and limits.
import type { PrivateKey } from "@libp2p/interface";
import type { P2PMetrics } from "./metrics.js";

import type { GossipVerdict } from "./verdict.js";

export type { GossipVerdict };

/** A gossip topic: `name` becomes `/eigenchain/<chainId>/<name>/1`; larger messages are rejected unread. */
export interface GossipTopicSpec {
  name: string;
  maxBytes: number;
}

export type GossipValidator = (data: Uint8Array, fromPeer: string) => GossipVerdict | Promise<GossipVerdict>;
export type GossipHandler = (data: Uint8Array, fromPeer: string) => void;
export type RequestHandler = (request: Uint8Array, fromPeer: string) => Promise<Uint8Array[]>;

/** Size limits of one request/response exchange; each side enforces them. */
export interface ReqRespLimits {
  /** Largest request payload (default 1 KiB). */
  maxRequestBytes: number;
  /** Most response items (default 128). */
  maxItems: number;
  /** Largest single response item (default 8 MiB). */
  maxItemBytes: number;
  /** Largest sum of response item sizes (default 32 MiB). */
  maxResponseBytes: number;
}

export interface RequestOpts {
  /** Whole exchange, dial included (default 10 s). */
  timeoutMs?: number;
  /** Client-side limits on the response (defaults: `DEFAULT_REQRESP_LIMITS`). */
  limits?: Partial<ReqRespLimits>;
}

export interface P2PNetworkOpts {
  chainId: bigint;
  /** Multiaddrs to listen on, e.g. "/ip4/0.0.0.0/tcp/26656" or "/ip4/127.0.0.1/tcp/0". */
  listen: string[];
  /** Multiaddrs announced to peers instead of the listen addresses. */
  announce?: string[];
  /** Multiaddrs ending in /p2p/<peerId>; dialled at start and re-dialled while not connected. */
  bootstrap: string[];
  topics: GossipTopicSpec[];
  /** Most open connections (default 50). */
  maxPeers?: number;
  /** How often peer scores are checked (default 1000 ms). */
  peerCheckIntervalMs?: number;
  /** How long a peer hung up for its score is refused (default 60 s). */
  banDurationMs?: number;
  /** How often unconnected bootstrap peers are re-dialled (default 2000 ms). */
  bootstrapIntervalMs?: number;
}

/** Structured logger; `context` holds bounded, trusted values. */
export interface P2PLogger {
  trace(message: string, context?: Record<string, unknown>, err?: unknown): void;
  debug(message: string, context?: Record<string, unknown>, err?: unknown): void;
  info(message: string, context?: Record<string, unknown>, err?: unknown): void;
  warn(message: string, context?: Record<string, unknown>, err?: unknown): void;
  error(message: string, context?: Record<string, unknown>, err?: unknown): void;
}

/** The node's libp2p identity key (ed25519), as `loadOrCreatePeerKey` returns it. */
export type PeerPrivateKey = PrivateKey;

export interface P2PNetworkModules {
  privateKey: PeerPrivateKey;
  logger: P2PLogger;
  metrics: P2PMetrics | null;
}

export interface PeerInfo {
  peerId: string;
  /** Gossipsub score as seen by this node. */
  score: number;
  addresses: string[];
}

export interface P2PEvents {
  "peer:connect": (peerId: string) => void;
  "peer:disconnect": (peerId: string) => void;
}
