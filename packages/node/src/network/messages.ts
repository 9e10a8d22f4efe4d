// Gossip payloads that are more than one consensus message: a proposal travels with its block.
import type { Block, Common } from "@eigenchain/chain";
import { decodeBlock, encodeBlock, type KnownTransactionLookup } from "@eigenchain/chain";
import type { SignedProposal } from "@eigenchain/consensus";
import { decodeSignedProposal, encodeSignedProposal } from "@eigenchain/consensus";
import { RLP } from "@ethereumjs/rlp";
import { bytesToBigInt } from "@ethereumjs/util";

/** An RLP list of exactly `length` byte strings, or a TypeError naming `what`. */
function decodeByteList(bytes: Uint8Array, length: number, what: string): Uint8Array[] {
  const decoded = RLP.decode(bytes) as unknown;
  if (!Array.isArray(decoded) || decoded.length !== length || !decoded.every((item) => item instanceof Uint8Array)) {
    throw new TypeError(`malformed ${what}`);
  }
  return decoded as Uint8Array[];
}

/** An unsigned integer of at most `maxBytes` bytes. */
function readUint(item: Uint8Array, maxBytes: number, what: string): bigint {
  if (item.length > maxBytes) throw new TypeError(`malformed ${what}`);
  return item.length === 0 ? 0n : bytesToBigInt(item);
}

/** Gossip topic names (the p2p layer prefixes them with the chain id). "txs": batches of transactions. */
export const TOPICS = { txs: "txs", proposal: "proposal", vote: "vote", evidence: "evidence" } as const;

/** Transactions one gossip message may carry. */
export const MAX_TXS_PER_MESSAGE = 256;

/** A gossip message of transactions: an RLP list of their encodings. */
export function encodeTxBatch(raws: readonly Uint8Array[]): Uint8Array {
  return RLP.encode(raws as Uint8Array[]);
}

/** The transactions' encodings, or a TypeError for anything but a list of 1–MAX_TXS_PER_MESSAGE byte strings. */
export function decodeTxBatch(bytes: Uint8Array): Uint8Array[] {
  let decoded: unknown;
  try {
    decoded = RLP.decode(bytes);
  } catch {
    throw new TypeError("malformed transaction batch");
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length === 0 ||
    decoded.length > MAX_TXS_PER_MESSAGE ||
    !decoded.every((item) => item instanceof Uint8Array)
  ) {
    throw new TypeError("malformed transaction batch");
  }
  return decoded as Uint8Array[];
}

/** Request/response protocol names for block sync. */
export const PROTOCOLS = { status: "status", blocks: "blocks", consensusMessages: "consensus-messages" } as const;

/** What a consensus-messages response item holds: a vote or a proposal with its block (gossip encodings). */
export const CONSENSUS_ITEM = { vote: 1, proposal: 2 } as const;

export function encodeConsensusItem(kind: number, payload: Uint8Array): Uint8Array {
  return RLP.encode([kind, payload]);
}

export function decodeConsensusItem(bytes: Uint8Array): { kind: number; payload: Uint8Array } {
  const [kind, payload] = decodeByteList(bytes, 2, "consensus item") as [Uint8Array, Uint8Array];
  return { kind: Number(readUint(kind, 1, "consensus item")), payload };
}

/** A request naming one height (status-style u64). */
export function encodeHeightRequest(height: number): Uint8Array {
  return RLP.encode(height);
}

export function decodeHeightRequest(bytes: Uint8Array): number {
  const decoded = RLP.decode(bytes) as unknown;
  if (!(decoded instanceof Uint8Array)) throw new TypeError("malformed height request");
  return Number(readUint(decoded, 6, "height request"));
}

export function encodeProposalMessage(proposal: SignedProposal, block: Block): Uint8Array {
  return RLP.encode([encodeSignedProposal(proposal), encodeBlock(block)]);
}

/**
 * Throws on malformed input (a TypeError or the block decoder's error). `knownTransaction`: the pool's
 * decoded transactions, which the block takes instead of decoding their bytes again.
 */
export function decodeProposalMessage(
  bytes: Uint8Array,
  common: Common,
  knownTransaction?: KnownTransactionLookup,
): { proposal: SignedProposal; block: Block } {
  const [proposal, block] = decodeByteList(bytes, 2, "proposal message") as [Uint8Array, Uint8Array];
  return { proposal: decodeSignedProposal(proposal), block: decodeBlock(block, common, knownTransaction) };
}

/** A block with its encoded commit certificate, as block sync serves it. */
export function encodeSyncedBlock(block: Uint8Array, certificate: Uint8Array): Uint8Array {
  return RLP.encode([block, certificate]);
}

export function decodeSyncedBlock(bytes: Uint8Array): { block: Uint8Array; certificate: Uint8Array } {
  const [block, certificate] = decodeByteList(bytes, 2, "synced block") as [Uint8Array, Uint8Array];
  return { block, certificate };
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
  const [number, hash] = decodeByteList(bytes, 2, "status") as [Uint8Array, Uint8Array];
  if (hash.length !== 32) throw new TypeError("malformed status");
  return { headNumber: readUint(number, 8, "status"), headHash: hash };
}

/** Block range request: from (inclusive) and count. */
export function encodeBlocksRequest(from: bigint, count: number): Uint8Array {
  return RLP.encode([from, count]);
}

export function decodeBlocksRequest(bytes: Uint8Array): { from: bigint; count: number } {
  const [from, count] = decodeByteList(bytes, 2, "blocks request") as [Uint8Array, Uint8Array];
  return { from: readUint(from, 8, "blocks request"), count: Number(readUint(count, 4, "blocks request")) };
}
