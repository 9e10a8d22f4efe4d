// A typed transaction's signing hash read straight from its signed bytes, without encoding its fields again.
import { keccak256 } from "./hash.js";

/** One RLP item's extent: where its payload starts and where the item ends. */
interface ItemSpan {
  payloadStart: number;
  end: number;
}

/** The span of the RLP item at `offset`, or undefined when its header runs past `limit`. */
function readItemSpan(bytes: Uint8Array, offset: number, limit: number): ItemSpan | undefined {
  if (offset >= limit) return undefined;
  const prefix = bytes[offset]!;
  if (prefix < 0x80) return { payloadStart: offset, end: offset + 1 };
  const isList = prefix >= 0xc0;
  const shortBase = isList ? 0xc0 : 0x80;
  const longBase = isList ? 0xf7 : 0xb7;
  if (prefix <= longBase) return { payloadStart: offset + 1, end: offset + 1 + prefix - shortBase };
  const lengthBytes = prefix - longBase;
  if (offset + 1 + lengthBytes > limit) return undefined;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[offset + 1 + i]!;
  return { payloadStart: offset + 1 + lengthBytes, end: offset + 1 + lengthBytes + length };
}

/** An RLP list header for a payload of `length` bytes. */
function encodeListHeader(length: number): Uint8Array {
  if (length <= 55) return Uint8Array.of(0xc0 + length);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  return Uint8Array.of(0xf7 + lengthBytes.length, ...lengthBytes);
}

/**
 * The EIP-2718 signing hash of a signed typed transaction (`type || rlp([fields…, yParity, r, s])`):
 * keccak of `type || rlp([fields…])`, the same list without its last three items. Every typed
 * transaction this chain knows (0x01, 0x02, 0x04, 0x05) signs that way. ethereumjs builds it by
 * encoding every field again (~3% of the node's main thread under a transfer load); these bytes were
 * decoded strictly, so they already are that encoding. Undefined for a legacy transaction or bytes
 * that do not parse, for the caller to use ethereumjs's.
 */
export function computeTypedSigningHash(signed: Uint8Array): Uint8Array | undefined {
  if (signed.length < 2 || signed[0]! >= 0x80) return undefined;
  const list = readItemSpan(signed, 1, signed.length);
  if (list === undefined || list.end !== signed.length || signed[1]! < 0xc0) return undefined;
  const itemStarts: number[] = [];
  for (let offset = list.payloadStart; offset < list.end; ) {
    const item = readItemSpan(signed, offset, list.end);
    if (item === undefined || item.end > list.end) return undefined;
    itemStarts.push(offset);
    offset = item.end;
  }
  if (itemStarts.length < 4) return undefined;
  const unsigned = signed.subarray(list.payloadStart, itemStarts[itemStarts.length - 3]);
  const header = encodeListHeader(unsigned.length);
  const message = new Uint8Array(1 + header.length + unsigned.length);
  message[0] = signed[0]!;
  message.set(header, 1);
  message.set(unsigned, 1 + header.length);
  return keccak256(message);
}
