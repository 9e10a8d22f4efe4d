// Serves block sync: our head (status) and committed blocks with their certificates (blocks by range).
import { encodeBlock } from "@eigenchain/chain";
import { encodeSignedVote } from "@eigenchain/consensus";
import type { ConsensusHost } from "../consensus/consensusHost.js";
import type { BlockStore } from "../store/blockStore.js";
import {
  CONSENSUS_ITEM,
  decodeBlocksRequest,
  decodeHeightRequest,
  encodeConsensusItem,
  encodeProposalMessage,
  encodeStatus,
  encodeSyncedBlock,
} from "./messages.js";

/** Most blocks one request may ask for (a response also stops at the p2p layer's byte limit). */
export const MAX_BLOCKS_PER_REQUEST = 32;
/** A proposal carries its whole block: a block full of calldata (60M gas / 16 per byte ≈ 3.75 MB) stays well under this. */
export const MAX_BLOCK_MESSAGE_BYTES = 16 * 1024 * 1024;
/** A synced item is a block plus its certificate. */
export const MAX_SYNCED_BLOCK_BYTES = MAX_BLOCK_MESSAGE_BYTES + 1024;

export function handleStatusRequest(store: BlockStore): Uint8Array[] {
  const head = store.getHead();
  return [encodeStatus({ headNumber: head.header.number, headHash: head.hash() })];
}

/** Committed blocks from `from`, each with its certificate, stopping at the first one we lack. */
export async function handleBlocksRequest(store: BlockStore, request: Uint8Array): Promise<Uint8Array[]> {
  const { from, count } = decodeBlocksRequest(request);
  if (count < 1 || count > MAX_BLOCKS_PER_REQUEST) throw new RangeError(`count must be 1..${MAX_BLOCKS_PER_REQUEST}`);
  const items: Uint8Array[] = [];
  for (let n = from; n < from + BigInt(count); n++) {
    const block = await store.getBlockByNumber(n);
    const certificate = await store.getCertificate(n);
    if (block === undefined || certificate === undefined) break;
    items.push(encodeSyncedBlock(encodeBlock(block), certificate));
  }
  return items;
}

/** Most items a consensus-messages response carries (validators × vote types × rounds, plus proposals). */
export const MAX_CONSENSUS_ITEMS = 512;

/** The proposals and votes of the height we are deciding, for a peer stalled at the same height. */
export function handleConsensusMessagesRequest(host: ConsensusHost, request: Uint8Array): Uint8Array[] {
  const { proposals, votes } = host.getMessagesAt(decodeHeightRequest(request));
  const items = [
    ...proposals.map(({ proposal, block }) => encodeConsensusItem(CONSENSUS_ITEM.proposal, encodeProposalMessage(proposal, block))),
    ...votes.map((vote) => encodeConsensusItem(CONSENSUS_ITEM.vote, encodeSignedVote(vote))),
  ];
  return items.slice(0, MAX_CONSENSUS_ITEMS);
}
