// What RPC reads about the network and consensus: peers, sync progress, validators, certificates, evidence.
import type { CommitCertificate, DuplicateVoteEvidence, Validator } from "@eigenchain/consensus";

export interface SyncStatus {
  startingBlock: bigint;
  currentBlock: bigint;
  highestBlock: bigint;
}

/** A provider the node fills from its consensus, p2p and sync rooms; a development chain has none of them. */
export interface NetworkStatus {
  getPeerCount(): number;
  /** Null when not catching up. */
  getSyncStatus(): SyncStatus | null;
  getValidators(): readonly Validator[];
  /** The commit certificate stored with a block (undefined when there is none). */
  getCertificate(blockNumber: bigint): Promise<CommitCertificate | undefined>;
  getEvidence(): DuplicateVoteEvidence[];
  /** This node's libp2p identity and addresses, and its validator address (null on a full node). */
  getNodeInfo(): NodeInfo;
  /** Connected peers with their gossip score and addresses (eigen_peers); absent: none. */
  getPeers?(): PeerStatus[];
  /** Refuses these peers until the next call (admin_setBlockedPeers; an empty list heals). */
  setBlockedPeers(peerIds: readonly string[]): Promise<void>;
}

export interface PeerStatus {
  peerId: string;
  /** Gossipsub score as this node sees it. */
  score: number;
  addresses: string[];
}

export interface NodeInfo {
  peerId: string | null;
  addresses: string[];
  validator: string | null;
}

/** A chain without validators: no peers, never syncing, no certificates. */
export const DEV_CHAIN_STATUS: NetworkStatus = {
  getPeerCount: () => 0,
  getSyncStatus: () => null,
  getValidators: () => [],
  getCertificate: async () => undefined,
  getEvidence: () => [],
  getNodeInfo: () => ({ peerId: null, addresses: [], validator: null }),
  setBlockedPeers: async () => undefined,
};
