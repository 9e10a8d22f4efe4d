// Builds the libp2p node: TCP, noise, yamux, identify, ping and gossipsub with our scoring and validation.
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { type GossipSub, type GossipsubOpts, gossipsub } from "@libp2p/gossipsub";
import { type Identify, identify } from "@libp2p/identify";
import type { ConnectionGater, PrivateKey } from "@libp2p/interface";
import { type Ping, ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import { createLibp2p, type Libp2p } from "libp2p";
import { computeMessageId } from "../gossip/messageId.js";
import { createPeerScoreParams, PEER_SCORE_THRESHOLDS } from "../gossip/scoreParams.js";

export type P2PServices = { identify: Identify; ping: Ping; pubsub: GossipSub };
export type P2PHost = Libp2p<P2PServices>;

export interface CreateHostOpts {
  privateKey: PrivateKey;
  listen: string[];
  announce: string[] | undefined;
  /** Full gossipsub topic strings; messages on any other topic are dropped. */
  topics: string[];
  /** Largest gossip message accepted off the wire, above every topic's own limit so oversize ones get scored. */
  maxGossipBytes: number;
  maxConnections: number;
  connectionGater: ConnectionGater;
}

/** Gossipsub's options: unsigned, content-addressed messages; flood publishing; our score parameters. */
function createGossipsubOpts(opts: CreateHostOpts): Partial<GossipsubOpts> {
  return {
    globalSignaturePolicy: "StrictNoSign",
    msgIdFn: computeMessageId,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    floodPublish: true,
    emitSelf: false,
    fallbackToFloodsub: false,
    allowedTopics: opts.topics,
    maxInboundDataLength: opts.maxGossipBytes,
    scoreParams: createPeerScoreParams(opts.topics),
    scoreThresholds: PEER_SCORE_THRESHOLDS,
  };
}

/** A libp2p node, not started. */
export async function createHost(opts: CreateHostOpts): Promise<P2PHost> {
  return createLibp2p<P2PServices>({
    start: false,
    privateKey: opts.privateKey,
    addresses: { listen: opts.listen, ...(opts.announce !== undefined ? { announce: opts.announce } : {}) },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    // yamux 8.0.1 carries a patch (patches/, applied by pnpm install): like go-yamux it sends a window
    // update only once half the window is used, not after every data frame it receives, which had
    // doubled the frames of small gossip messages (docs/benchmarks.md, issue 14 session 8).
    streamMuxers: [yamux()],
    connectionGater: opts.connectionGater,
    connectionManager: { maxConnections: opts.maxConnections },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub(createGossipsubOpts(opts)),
    },
  });
}
