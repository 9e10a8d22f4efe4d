/**
 * Canonical bytes that validators sign. Each starts with a domain-separation tag, so a vote can never be
 * replayed as a proposal or a proof of possession, then the chain id, so signatures never cross chains.
 *
 *   vote:     "EIGENCHAIN/VOTE/V1"     chainId u64 | height u64 | round u32 | type u8 (1 prevote, 2 precommit) | hasValue u8 | hash 32
 *   proposal: "EIGENCHAIN/PROPOSAL/V1" chainId u64 | height u64 | round u32 | validRound+1 u32 | hash 32
 *   pop:      "EIGENCHAIN/POP/V1"      publicKey 48
 *
 * All integers are big-endian. A nil vote has hasValue 0 and 32 zero bytes.
 */
import type { Proposal, ValueId, Vote } from "./types.js";

const encoder = new TextEncoder();
export const VOTE_DOMAIN = encoder.encode("EIGENCHAIN/VOTE/V1");
export const PROPOSAL_DOMAIN = encoder.encode("EIGENCHAIN/PROPOSAL/V1");
export const POP_DOMAIN = encoder.encode("EIGENCHAIN/POP/V1");

/** Parses a `0x` + 64 hex value id into its 32 bytes (throws on anything else). */
export function valueIdToBytes(valueId: ValueId): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(valueId)) throw new TypeError(`value id must be 0x + 64 hex characters: ${valueId.slice(0, 80)}`);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(valueId.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

function writeHeader(view: DataView, offset: number, chainId: bigint, height: number, round: number): number {
  view.setBigUint64(offset, chainId);
  view.setBigUint64(offset + 8, BigInt(height));
  view.setUint32(offset + 16, round);
  return offset + 20;
}

function checkInts(height: number, round: number): void {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`bad height ${height}`);
  if (!Number.isSafeInteger(round) || round < 0 || round > 0xffffffff) throw new RangeError(`bad round ${round}`);
}

export function encodeVoteSignBytes(chainId: bigint, vote: Vote): Uint8Array {
  checkInts(vote.height, vote.round);
  const out = new Uint8Array(VOTE_DOMAIN.length + 20 + 2 + 32);
  out.set(VOTE_DOMAIN, 0);
  const view = new DataView(out.buffer);
  let o = writeHeader(view, VOTE_DOMAIN.length, chainId, vote.height, vote.round);
  out[o++] = vote.type === "prevote" ? 1 : 2;
  out[o++] = vote.valueId === null ? 0 : 1;
  if (vote.valueId !== null) out.set(valueIdToBytes(vote.valueId), o);
  return out;
}

export function encodeProposalSignBytes(chainId: bigint, proposal: Proposal): Uint8Array {
  checkInts(proposal.height, proposal.round);
  const out = new Uint8Array(PROPOSAL_DOMAIN.length + 20 + 4 + 32);
  out.set(PROPOSAL_DOMAIN, 0);
  const view = new DataView(out.buffer);
  const o = writeHeader(view, PROPOSAL_DOMAIN.length, chainId, proposal.height, proposal.round);
  view.setUint32(o, proposal.validRound + 1);
  out.set(valueIdToBytes(proposal.valueId), o + 4);
  return out;
}

export function encodePopSignBytes(publicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(POP_DOMAIN.length + publicKey.length);
  out.set(POP_DOMAIN, 0);
  out.set(publicKey, POP_DOMAIN.length);
  return out;
}
