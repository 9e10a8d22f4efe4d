// Notices a proposer that signed two different proposals for one height and round, and reports it.
import type { ConsensusMetrics, SignedProposal } from "@eigenchain/consensus";
import type { Logger } from "../logger.js";

export interface ProposalConflictsModules {
  logger: Logger;
  metrics: ConsensusMetrics | null;
}

/** Bounds what one height may hold: one proposal per round seen, for this many rounds. */
const MAX_ROUNDS_KEPT = 256;

/**
 * The first signed proposal seen per (height, round). A second one with another value, whose signature
 * the gossip layer already checked against the round's proposer, is a double proposal: logged at warn
 * with the proposer, height, round and both block hashes, and counted. Not evidence: like CometBFT,
 * which keeps evidence of duplicate votes only, this is a detection for operators (a double proposal
 * alone cannot fork the chain, since each honest validator prevotes once per round).
 */
export class ProposalConflicts {
  private readonly first = new Map<string, SignedProposal>();
  private readonly reported = new Set<string>();

  constructor(private readonly modules: ProposalConflictsModules) {}

  /** True when `proposal` conflicts with an earlier one for its slot (reported once per slot and value). */
  check(proposal: SignedProposal): boolean {
    const slot = `${proposal.height}/${proposal.round}`;
    const earlier = this.first.get(slot);
    if (earlier === undefined) {
      if (this.first.size < MAX_ROUNDS_KEPT) this.first.set(slot, proposal);
      return false;
    }
    if (earlier.valueId === proposal.valueId || earlier.proposer !== proposal.proposer) return false;
    const key = `${slot}/${proposal.valueId}`;
    if (this.reported.has(key)) return true;
    this.reported.add(key);
    this.modules.metrics?.onDuplicateProposal();
    this.modules.logger.warn("Conflicting proposals from one proposer", {
      proposer: proposal.proposer,
      height: proposal.height,
      round: proposal.round,
      firstHash: earlier.valueId,
      secondHash: proposal.valueId,
    });
    return true;
  }

  /** Forgets heights below `height` (decided). */
  pruneBelow(height: number): void {
    for (const [slot, proposal] of this.first) if (proposal.height < height) this.first.delete(slot);
    for (const key of this.reported) if (Number(key.slice(0, key.indexOf("/"))) < height) this.reported.delete(key);
  }
}
