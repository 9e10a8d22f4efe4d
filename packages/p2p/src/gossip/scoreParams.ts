// Gossipsub peer-score parameters and thresholds: junk (rejected) messages are what costs a peer.
import type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams } from "@libp2p/gossipsub/score";

/**
 * Invalid deliveries score `count² × INVALID_MESSAGE_WEIGHT` per topic: 1 junk message → −100, 2 → −400,
 * 3 → −900, which is below `DISCONNECT_SCORE_THRESHOLD`. An honest peer forwards only what it validated,
 * so it reaches this only when its validator disagrees with ours.
 */
export const INVALID_MESSAGE_WEIGHT = -100;
/** Peers below this score are hung up and banned by the peer manager (above the graylist, so junk still counts). */
export const DISCONNECT_SCORE_THRESHOLD = -800;

export const PEER_SCORE_THRESHOLDS: PeerScoreThresholds = {
  /** Below it no gossip (IHAVE/IWANT) is exchanged with the peer: 2 junk messages. */
  gossipThreshold: -200,
  /** Below it our own messages are not flood-published to the peer. */
  publishThreshold: -400,
  /** Below it all RPCs from the peer are ignored; the peer manager disconnects before this. */
  graylistThreshold: -1000,
  acceptPXThreshold: 100,
  opportunisticGraftThreshold: 5,
};

/**
 * Per-topic parameters. Mesh-delivery penalties are off: consensus and tx topics can be quiet for long
 * stretches, and a quiet topic must not make honest mesh peers look bad.
 */
function createTopicScoreParams(): TopicScoreParams {
  return {
    topicWeight: 1,
    // P1: +0.03 per second in the mesh, capped at +9
    timeInMeshWeight: 0.03,
    timeInMeshQuantum: 1000,
    timeInMeshCap: 300,
    // P2: +0.5 per first delivery, decaying 10 %/s, capped at 20 deliveries (+10)
    firstMessageDeliveriesWeight: 0.5,
    firstMessageDeliveriesDecay: 0.9,
    firstMessageDeliveriesCap: 20,
    // P3/P3b: off (see above); the values only need to pass gossipsub's validation
    meshMessageDeliveriesWeight: 0,
    meshMessageDeliveriesDecay: 0.5,
    meshMessageDeliveriesCap: 100,
    meshMessageDeliveriesThreshold: 1,
    meshMessageDeliveriesWindow: 10,
    meshMessageDeliveriesActivation: 5000,
    meshFailurePenaltyWeight: 0,
    meshFailurePenaltyDecay: 0.5,
    // P4: junk; the count decays 1 %/s (half-life ~70 s), so a peer back from its ban still carries most of it
    invalidMessageDeliveriesWeight: INVALID_MESSAGE_WEIGHT,
    invalidMessageDeliveriesDecay: 0.99,
  };
}

/** Score parameters for the given full topic strings. */
export function createPeerScoreParams(topics: string[]): Partial<PeerScoreParams> {
  return {
    topics: Object.fromEntries(topics.map((topic) => [topic, createTopicScoreParams()])),
    topicScoreCap: 20,
    appSpecificScore: () => 0,
    appSpecificWeight: 0,
    // Colocation is off: validators of a permissioned chain often share a host or a NAT (devnets do).
    IPColocationFactorWeight: 0,
    IPColocationFactorThreshold: 10,
    // P7 (broken promises, GRAFT floods): gossipsub's defaults
    behaviourPenaltyWeight: -10,
    behaviourPenaltyThreshold: 0,
    behaviourPenaltyDecay: 0.9,
    decayInterval: 1000,
    decayToZero: 0.01,
    // Keep a departed peer's score an hour so that reconnecting does not wash it clean.
    retainScore: 3600 * 1000,
  };
}
