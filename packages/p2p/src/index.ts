// Public API of @eigenchain/p2p: curated named exports only.
import "./polyfill.js"; // first: libp2p calls Promise.withResolvers, which Node 20 lacks

export type { P2PError, P2PErrorCode, P2PErrorType, ReqRespLimitName } from "./errors.js";
export { createP2PError } from "./errors.js";
export { DISCONNECT_SCORE_THRESHOLD, INVALID_MESSAGE_WEIGHT, PEER_SCORE_THRESHOLDS } from "./gossip/scoreParams.js";
export type {
  GossipHandler,
  GossipTopicSpec,
  GossipValidator,
  GossipVerdict,
  P2PEvents,
  P2PLogger,
  P2PNetworkModules,
  P2PNetworkOpts,
  PeerInfo,
  PeerPrivateKey,
  ReqRespLimits,
  RequestHandler,
  RequestOpts,
} from "./interface.js";
export { loadOrCreatePeerKey, peerIdFromKey } from "./keyFile.js";
export type { P2PMetrics, PeerDisconnectReason, ReqRespOutcome, ReqRespSide } from "./metrics.js";
export { createP2PMetrics } from "./metrics.js";
export { P2PNetwork } from "./network.js";
export { DEFAULT_REQRESP_LIMITS, DEFAULT_REQUEST_TIMEOUT_MS } from "./reqresp/limits.js";
export { getGossipTopic, getReqRespProtocolId } from "./topics.js";
