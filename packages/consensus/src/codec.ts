// Wire encodings (RLP) of signed votes, proposals, commit certificates and evidence: gossip and storage.
import { toHex } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import type { CommitCertificate } from "./certificate.js";
import { valueIdToBytes } from "./core/signBytes.js";
import type { DuplicateVoteEvidence, SignedProposal, SignedVote, ValueId } from "./core/types.js";

/** BLS signature (compressed G2) and address sizes. */
const SIGNATURE_BYTES = 96;
const ADDRESS_BYTES = 20;
/** Rounds above this are junk: timeouts grow per round, so an honest network never gets near it. */
const MAX_ROUND = 0xffff_ffff;

type Rlp = Uint8Array | Rlp[];

function encodeUint(n: number): Uint8Array {
  if (n === 0) return new Uint8Array();
  const hex = n.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 0 ? hex : `0${hex}`, "hex"));
}

function fail(what: string): never {
  throw new TypeError(`malformed ${what}`);
}

function readUint(item: Rlp | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!(item instanceof Uint8Array) || item.length > 8 || (item.length > 0 && item[0] === 0)) fail(what);
  let value = 0n;
  for (const byte of item) value = (value << 8n) | BigInt(byte);
  if (value > BigInt(max)) fail(what);
  return Number(value);
}

function readBytes(item: Rlp | undefined, length: number, what: string): Uint8Array {
  if (!(item instanceof Uint8Array) || item.length !== length) fail(what);
  return item;
}

function readList(item: Rlp | undefined, length: number, what: string): Rlp[] {
  if (!Array.isArray(item) || item.length !== length) fail(what);
  return item;
}

function decodeRlp(bytes: Uint8Array, what: string): Rlp {
  try {
    return RLP.decode(bytes) as Rlp;
  } catch {
    return fail(what);
  }
}

function voteFields(vote: SignedVote): Rlp[] {
  return [
    Uint8Array.of(vote.type === "prevote" ? 1 : 2),
    encodeUint(vote.height),
    encodeUint(vote.round),
    vote.valueId === null ? new Uint8Array() : valueIdToBytes(vote.valueId),
    addressToBytes(vote.validator),
    vote.signature,
  ];
}

function addressToBytes(address: string): Uint8Array {
  if (!/^0x[0-9a-f]{40}$/.test(address))
    throw new TypeError(`validator address must be 0x + 40 lower-case hex characters: ${address.slice(0, 50)}`);
  return Uint8Array.from(Buffer.from(address.slice(2), "hex"));
}

function readVote(item: Rlp | undefined): SignedVote {
  const [type, height, round, value, validator, signature] = readList(item, 6, "vote");
  const typeByte = readBytes(type, 1, "vote type")[0];
  if (typeByte !== 1 && typeByte !== 2) fail("vote type");
  if (!(value instanceof Uint8Array) || (value.length !== 0 && value.length !== 32)) fail("vote value");
  return {
    type: typeByte === 1 ? "prevote" : "precommit",
    height: readUint(height, "vote height"),
    round: readUint(round, "vote round", MAX_ROUND),
    valueId: value.length === 0 ? null : (toHex(value) as ValueId),
    validator: toHex(readBytes(validator, ADDRESS_BYTES, "vote validator")),
    signature: readBytes(signature, SIGNATURE_BYTES, "vote signature"),
  };
}

export function encodeSignedVote(vote: SignedVote): Uint8Array {
  return RLP.encode(voteFields(vote));
}

/** Throws a TypeError ("malformed …") on anything but a well-formed vote. */
export function decodeSignedVote(bytes: Uint8Array): SignedVote {
  return readVote(decodeRlp(bytes, "vote"));
}

export function encodeSignedProposal(proposal: SignedProposal): Uint8Array {
  return RLP.encode([
    encodeUint(proposal.height),
    encodeUint(proposal.round),
    encodeUint(proposal.validRound + 1),
    valueIdToBytes(proposal.valueId),
    addressToBytes(proposal.proposer),
    proposal.signature,
  ]);
}

export function decodeSignedProposal(bytes: Uint8Array): SignedProposal {
  const [height, round, validRoundPlusOne, value, proposer, signature] = readList(decodeRlp(bytes, "proposal"), 6, "proposal");
  return {
    height: readUint(height, "proposal height"),
    round: readUint(round, "proposal round", MAX_ROUND),
    validRound: readUint(validRoundPlusOne, "proposal valid round", MAX_ROUND) - 1,
    valueId: toHex(readBytes(value, 32, "proposal value")) as ValueId,
    proposer: toHex(readBytes(proposer, ADDRESS_BYTES, "proposal proposer")),
    signature: readBytes(signature, SIGNATURE_BYTES, "proposal signature"),
  };
}

export function encodeCommitCertificate(cert: CommitCertificate): Uint8Array {
  return RLP.encode([encodeUint(cert.height), encodeUint(cert.round), valueIdToBytes(cert.blockHash), cert.signature, cert.signers]);
}

/** `maxSigners` bounds the bitmap (the validator set's size). */
export function decodeCommitCertificate(bytes: Uint8Array, maxSigners = 1 << 16): CommitCertificate {
  const [height, round, hash, signature, signers] = readList(decodeRlp(bytes, "certificate"), 5, "certificate");
  if (!(signers instanceof Uint8Array) || signers.length > Math.ceil(maxSigners / 8)) fail("certificate signers");
  return {
    height: readUint(height, "certificate height"),
    round: readUint(round, "certificate round", MAX_ROUND),
    blockHash: toHex(readBytes(hash, 32, "certificate block hash")) as ValueId,
    signature: readBytes(signature, SIGNATURE_BYTES, "certificate signature"),
    signers,
  };
}

export function encodeDuplicateVoteEvidence(evidence: DuplicateVoteEvidence): Uint8Array {
  return RLP.encode([addressToBytes(evidence.validator), voteFields(evidence.first), voteFields(evidence.second)]);
}

export function decodeDuplicateVoteEvidence(bytes: Uint8Array): DuplicateVoteEvidence {
  const [validator, first, second] = readList(decodeRlp(bytes, "evidence"), 3, "evidence");
  return { validator: toHex(readBytes(validator, ADDRESS_BYTES, "evidence validator")), first: readVote(first), second: readVote(second) };
}
