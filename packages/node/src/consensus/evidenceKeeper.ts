// Equivocation evidence: verified into the pool, kept in the database across restarts, gossiped once.
import type { ConsensusMetrics, DuplicateVoteEvidence, EvidencePool } from "@eigenchain/consensus";
import { decodeDuplicateVoteEvidence, encodeDuplicateVoteEvidence } from "@eigenchain/consensus";
import type { Logger } from "../logger.js";
import type { ByteSublevel } from "../store/blockStore.js";

export type EvidenceVerdict = "added" | "duplicate" | "invalid";

export interface EvidenceKeeperModules {
  pool: EvidencePool;
  /** Where records survive a restart (one key per validator, height, round and vote type). */
  db: ByteSublevel;
  /** Sends newly found evidence to peers (set once the network exists). */
  publish: (bytes: Uint8Array) => void;
  logger: Logger;
  /** Counts new records by source (eigen_consensus_evidence_total). */
  metrics?: ConsensusMetrics | null;
}

const encoder = new TextEncoder();

function recordKey(evidence: DuplicateVoteEvidence): Uint8Array {
  const v = evidence.first;
  return encoder.encode(`${evidence.validator}/${v.height}/${v.round}/${v.type}`);
}

/**
 * One place where duplicate-vote evidence enters the node, from this node's own vote keeper or from
 * gossip: the pool verifies it (two valid signatures by one validator for one slot), a new record is
 * written to the database and published so every honest node ends up holding it.
 */
export class EvidenceKeeper {
  constructor(private readonly modules: EvidenceKeeperModules) {}

  /** Reads stored evidence back into the pool (after a restart). */
  async load(): Promise<number> {
    let loaded = 0;
    for await (const bytes of this.modules.db.values()) {
      try {
        if (this.modules.pool.add(decodeDuplicateVoteEvidence(bytes)).status === "added") loaded++;
      } catch (err) {
        this.modules.logger.warn("Stored evidence unreadable; skipped", {}, err);
      }
    }
    return loaded;
  }

  /** `publish`: false for evidence that arrived by gossip (gossipsub forwards what it accepts). */
  record(evidence: DuplicateVoteEvidence, publish = true): EvidenceVerdict {
    const result = this.modules.pool.add(evidence);
    if (result.status !== "added") return result.status;
    const bytes = encodeDuplicateVoteEvidence(evidence);
    this.modules.db.put(recordKey(evidence), bytes).catch((err: unknown) => this.modules.logger.error("Storing evidence failed", {}, err));
    if (publish) this.modules.publish(bytes);
    this.modules.metrics?.onEvidence(publish ? "local" : "gossip");
    this.modules.logger.warn("Equivocation evidence stored", {
      validator: evidence.validator,
      height: evidence.first.height,
      round: evidence.first.round,
      type: evidence.first.type,
    });
    return "added";
  }

  /** Gossip's view: new evidence is forwarded, known evidence dropped, a forgery costs the sender. */
  receive(bytes: Uint8Array): "accept" | "ignore" | "reject" {
    let evidence: DuplicateVoteEvidence;
    try {
      evidence = decodeDuplicateVoteEvidence(bytes);
    } catch {
      return "reject";
    }
    const verdict = this.record(evidence, false);
    return verdict === "added" ? "accept" : verdict === "duplicate" ? "ignore" : "reject";
  }

  list(): DuplicateVoteEvidence[] {
    return this.modules.pool.list();
  }
}
