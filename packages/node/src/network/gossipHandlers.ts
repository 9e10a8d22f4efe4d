// One validation adapter per gossip topic: decode, check, then accept (and deliver), ignore or reject.
import type { Block, Common } from "@eigenchain/chain";
import { isEigenError } from "@eigenchain/chain";
import type { SignedProposal, SignedVote } from "@eigenchain/consensus";
import { decodeSignedVote } from "@eigenchain/consensus";
import type { Mempool } from "@eigenchain/mempool";
import { isBadTransaction } from "@eigenchain/mempool";
import { bytesToHex } from "@ethereumjs/util";
import type { ConsensusSigner } from "../consensus/signer.js";
import type { Logger } from "../logger.js";
import { decodeProposalMessage, decodeTxBatch } from "./messages.js";

/** gossipsub's verdicts: forward, drop quietly, or drop and penalise the sender. */
export type GossipVerdict = "accept" | "ignore" | "reject";

/** What gossip needs of the consensus host: where it is, who proposes, and where accepted messages go. */
export interface ConsensusInbox {
  readonly consensusHeight: number;
  getProposer(height: number, round: number): string;
  receiveVote(vote: SignedVote): void;
  receiveProposal(proposal: SignedProposal, block: Block): void;
}

export interface GossipHandlersModules {
  common: Common;
  mempool: Mempool;
  /** Null on a chain without validators (no consensus traffic is expected there). */
  host: ConsensusInbox | null;
  signer: ConsensusSigner | null;
  logger: Logger;
}

/** How far ahead of our height a message may be and still be useful (the next height's, sent early). */
const MAX_HEIGHTS_AHEAD = 1;

function isRelevantHeight(host: ConsensusInbox, height: number): boolean {
  const current = host.consensusHeight;
  return height >= current && height <= current + MAX_HEIGHTS_AHEAD;
}

/**
 * A batch of transactions, admitted in order: forwarded when the pool took any of them; one provably
 * bad transaction rejects the message (an honest peer batches only what its own pool admitted).
 */
export async function validateGossipTransactions(modules: GossipHandlersModules, data: Uint8Array): Promise<GossipVerdict> {
  let raws: Uint8Array[];
  try {
    raws = decodeTxBatch(data);
  } catch {
    return "reject";
  }
  let accepted = false;
  for (const raw of raws) {
    const verdict = await validateGossipTransaction(modules, raw);
    if (verdict === "reject") return "reject";
    if (verdict === "accept") accepted = true;
  }
  return accepted ? "accept" : "ignore";
}

/** One transaction: the pool's own admission decides; only a provably bad transaction costs the peer. */
export async function validateGossipTransaction(modules: GossipHandlersModules, data: Uint8Array): Promise<GossipVerdict> {
  try {
    await modules.mempool.addRemote(data);
    return "accept";
  } catch (err) {
    const code = isEigenError(err) ? String((err.type as { code: string }).code) : "";
    if (isBadTransaction(code)) {
      modules.logger.debug("Gossiped transaction rejected", { code });
      return "reject";
    }
    return "ignore";
  }
}

/** Votes: well-formed, by a validator, for a height we care about, correctly signed. */
export function validateGossipVote(modules: GossipHandlersModules, data: Uint8Array): GossipVerdict {
  const { host, signer } = modules;
  if (host === null || signer === null) return "ignore";
  let vote: ReturnType<typeof decodeSignedVote>;
  try {
    vote = decodeSignedVote(data);
  } catch {
    return "reject";
  }
  if (!isRelevantHeight(host, vote.height)) return "ignore";
  if (!signer.verifyVote(vote)) return "reject"; // unknown validator, wrong chain id or forged
  host.receiveVote(vote);
  return "accept";
}

/** Proposals: the signed proposal names the round's proposer, and its block is the value it signed. */
export function validateGossipProposal(modules: GossipHandlersModules, data: Uint8Array): GossipVerdict {
  const { host, signer, common } = modules;
  if (host === null || signer === null) return "ignore";
  let message: ReturnType<typeof decodeProposalMessage>;
  try {
    message = decodeProposalMessage(data, common, (hash) => modules.mempool.get(hash)?.tx);
  } catch {
    return "reject";
  }
  const { proposal, block } = message;
  if (block.header.number !== BigInt(proposal.height) || bytesToHex(block.hash()) !== proposal.valueId) return "reject";
  if (!isRelevantHeight(host, proposal.height)) return "ignore";
  if (proposal.validRound >= proposal.round) return "reject";
  if (host.getProposer(proposal.height, proposal.round) !== proposal.proposer) return "reject";
  if (!signer.verifyProposal(proposal)) return "reject";
  host.receiveProposal(proposal, block);
  return "accept";
}
