// Gossip payloads that are more than one consensus message: a proposal travels with its block.
import type { Block, Common } from "@eigenchain/chain";
import { decodeBlock, encodeBlock } from "@eigenchain/chain";
import type { SignedProposal } from "@eigenchain/consensus";
import { decodeSignedProposal, encodeSignedProposal } from "@eigenchain/consensus";
import { RLP } from "@ethereumjs/rlp";

/** Gossip topic names (the p2p layer prefixes them with the chain id). */
export const TOPICS = { tx: "tx", proposal: "proposal", vote: "vote" } as const;

/** Request/response protocol names for block sync. */
export const PROTOCOLS = { status: "status", blocks: "blocks", consensusMessages: "consensus-messages" } as const;

/** What a consensus-messages response item holds: a vote or a proposal with its block (gossip encodings). */
export const CONSENSUS_ITEM = { vote: 1, proposal: 2 } as const;

export function encodeConsensusItem(kind: number, payload: Uint8Array): Uint8Array {
  return RLP.encode([kind, payload]);
}

export function decodeConsensusItem(bytes: Uint8Array): { kind: number; payload: Uint8Array } {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== 2 || !(decoded[0] instanceof Uint8Array) || !(decoded[1] instanceof Uint8Array) || decoded[0].length !== 1) {
    throw new TypeError("malformed consensus item");
  }
  return { kind: decoded[0][0] ?? 0, payload: decoded[1] };
}

/** A request naming one height (status-style u64). */
export function encodeHeightRequest(height: number): Uint8Array {
  return RLP.encode(height);
}

export function decodeHeightRequest(bytes: Uint8Array): number {
  const decoded = RLP.decode(bytes) as unknown;
  if (!(decoded instanceof Uint8Array) || decoded.length > 6) throw new TypeError("malformed height request");
  let height = 0;
  for (const byte of decoded) height = height * 256 + byte;
  return height;
}

export function encodeProposalMessage(proposal: SignedProposal, block: Block): Uint8Array {
  return RLP.encode([encodeSignedProposal(proposal), encodeBlock(block)]);
}

/** Throws on malformed input (a TypeError or the block decoder's error). */
export function decodeProposalMessage(bytes: Uint8Array, common: Common): { proposal: SignedProposal; block: Block } {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== 2 || !(decoded[0] instanceof Uint8Array) || !(decoded[1] instanceof Uint8Array)) {
    throw new TypeError("malformed proposal message");
  }
  return { proposal: decodeSignedProposal(decoded[0]), block: decodeBlock(decoded[1], common) };
}

/** A block with its encoded commit certificate, as block sync serves it. */
export function encodeSyncedBlock(block: Uint8Array, certificate: Uint8Array): Uint8Array {
  return RLP.encode([block, certificate]);
}

export function decodeSyncedBlock(bytes: Uint8Array): { block: Uint8Array; certificate: Uint8Array } {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== 2 || !(decoded[0] instanceof Uint8Array) || !(decoded[1] instanceof Uint8Array)) {
    throw new TypeError("malformed synced block");
  }
  return { block: decoded[0], certificate: decoded[1] };
}

/** The status a peer reports: its head. */
export interface PeerStatus {
  headNumber: bigint;
  headHash: Uint8Array;
}

export function encodeStatus(status: PeerStatus): Uint8Array {
  return RLP.encode([status.headNumber, status.headHash]);
}

export function decodeStatus(bytes: Uint8Array): PeerStatus {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== 2 || !(decoded[0] instanceof Uint8Array) || !(decoded[1] instanceof Uint8Array) || decoded[1].length !== 32 || decoded[0].length > 8) {
    throw new TypeError("malformed status");
  }
  let headNumber = 0n;
  for (const byte of decoded[0]) headNumber = (headNumber << 8n) | BigInt(byte);
  return { headNumber, headHash: decoded[1] };
}

/** Block range request: from (inclusive) and count. */
export function encodeBlocksRequest(from: bigint, count: number): Uint8Array {
  return RLP.encode([from, count]);
}

export function decodeBlocksRequest(bytes: Uint8Array): { from: bigint; count: number } {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== 2 || !(decoded[0] instanceof Uint8Array) || !(decoded[1] instanceof Uint8Array) || decoded[0].length > 8 || decoded[1].length > 4) {
    throw new TypeError("malformed blocks request");
  }
  let from = 0n;
  for (const byte of decoded[0]) from = (from << 8n) | BigInt(byte);
  let count = 0;
  for (const byte of decoded[1]) count = count * 256 + byte;
  return { from, count };
}
