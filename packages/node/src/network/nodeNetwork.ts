// The node's side of p2p: topics and limits, validation adapters, req/resp handlers, publishing.
import type { Block } from "@eigenchain/chain";
import { MAX_TRANSACTION_BYTES } from "@eigenchain/chain";
import type { SignedProposal, SignedVote } from "@eigenchain/consensus";
import { encodeSignedVote } from "@eigenchain/consensus";
import type { P2PMetrics } from "@eigenchain/p2p";
import { loadOrCreatePeerKey, P2PNetwork } from "@eigenchain/p2p";
import type { ConsensusBroadcaster, ConsensusHost } from "../consensus/consensusHost.js";
import type { EvidenceKeeper } from "../consensus/evidenceKeeper.js";
import type { Logger } from "../logger.js";
import type { BlockStore } from "../store/blockStore.js";
import type { GossipHandlersModules } from "./gossipHandlers.js";
import { validateGossipProposal, validateGossipTransactions, validateGossipVote } from "./gossipHandlers.js";
import { encodeProposalMessage, PROTOCOLS, TOPICS } from "./messages.js";
import {
  handleBlocksRequest,
  handleConsensusMessagesRequest,
  handleStatusRequest,
  MAX_BLOCK_MESSAGE_BYTES,
  MAX_BLOCKS_PER_REQUEST,
  MAX_CONSENSUS_ITEMS,
  MAX_SYNCED_BLOCK_BYTES,
} from "./reqRespHandlers.js";

export interface NodeNetworkOpts {
  chainId: bigint;
  listen: string[];
  announce: string[];
  bootstrap: string[];
  /** The libp2p identity key file (created 0600 on first start). */
  peerKeyPath: string;
}

export interface NodeNetworkModules extends GossipHandlersModules {
  /** Verifies, stores and forwards duplicate-vote evidence from peers. */
  evidence: EvidenceKeeper;
  /** The host itself: it also answers peers' consensus-messages requests. */
  host: ConsensusHost | null;
  store: BlockStore;
  metrics: P2PMetrics | null;
}

/** A vote is ~180 bytes; anything much larger is junk. */
const MAX_VOTE_BYTES = 1024;
/** Evidence is two votes and an address. */
const MAX_EVIDENCE_BYTES = 2 * MAX_VOTE_BYTES;

/** Creates the p2p network with the node's topics, validators and block-sync handlers (not yet started). */
export async function createNodeNetwork(opts: NodeNetworkOpts, modules: NodeNetworkModules): Promise<P2PNetwork> {
  const network = await P2PNetwork.create(
    {
      chainId: opts.chainId,
      listen: opts.listen,
      announce: opts.announce,
      bootstrap: opts.bootstrap,
      topics: [
        // A batch's transactions stop at TX_BATCH_MAX_BYTES, or it is one transaction of any allowed size.
        { name: TOPICS.txs, maxBytes: MAX_TRANSACTION_BYTES + 1024 },
        { name: TOPICS.proposal, maxBytes: MAX_BLOCK_MESSAGE_BYTES },
        { name: TOPICS.vote, maxBytes: MAX_VOTE_BYTES },
        { name: TOPICS.evidence, maxBytes: MAX_EVIDENCE_BYTES },
      ],
    },
    { privateKey: await loadOrCreatePeerKey(opts.peerKeyPath), logger: modules.logger, metrics: modules.metrics },
  );
  network.setValidator(TOPICS.txs, (data) => validateGossipTransactions(modules, data));
  network.setValidator(TOPICS.vote, (data) => validateGossipVote(modules, data));
  network.setValidator(TOPICS.proposal, (data) => validateGossipProposal(modules, data));
  network.setValidator(TOPICS.evidence, (data) => modules.evidence.receive(data));
  network.handleRequest(PROTOCOLS.status, async () => handleStatusRequest(modules.store), { maxItems: 1, maxItemBytes: 128 });
  network.handleRequest(PROTOCOLS.blocks, (request) => handleBlocksRequest(modules.store, request), {
    maxItems: MAX_BLOCKS_PER_REQUEST,
    maxItemBytes: MAX_SYNCED_BLOCK_BYTES,
  });
  const host = modules.host;
  if (host !== null) {
    network.handleRequest(PROTOCOLS.consensusMessages, async (request) => handleConsensusMessagesRequest(host, request), {
      maxItems: MAX_CONSENSUS_ITEMS,
      maxItemBytes: MAX_BLOCK_MESSAGE_BYTES + 1024,
    });
  }
  return network;
}

/** Publishes this node's consensus messages; a failed publish is logged (gossip is best effort). */
export function createConsensusBroadcaster(network: P2PNetwork, logger: Logger): ConsensusBroadcaster {
  const publish = (topic: string, data: Uint8Array): void => {
    network.publish(topic, data).catch((err: unknown) => logger.debug("Gossip publish failed", { topic }, err));
  };
  return {
    publishProposal: (proposal: SignedProposal, block: Block) => publish(TOPICS.proposal, encodeProposalMessage(proposal, block)),
    publishVote: (vote: SignedVote) => publish(TOPICS.vote, encodeSignedVote(vote)),
  };
}
