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
}

/** A chain without validators: no peers, never syncing, no certificates. */
export const DEV_CHAIN_STATUS: NetworkStatus = {
  getPeerCount: () => 0,
  getSyncStatus: () => null,
  getValidators: () => [],
  getCertificate: async () => undefined,
  getEvidence: () => [],
};
