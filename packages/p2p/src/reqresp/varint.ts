// Unsigned LEB128 varints, the length prefix of req/resp frames (as in multiformats' unsigned-varint).
import type { Uint8ArrayList } from "uint8arraylist";

/** Longest prefix we accept: 5 bytes encode up to 2^35 − 1, far above any limit here. */
export const MAX_VARINT_BYTES = 5;

export function encodeVarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as an unsigned varint`);
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

export type VarintDecodeResult = { status: "ok"; value: number; bytes: number } | { status: "incomplete" } | { status: "invalid" };

/** Decodes the varint at the start of `buffer`; "invalid" once it runs past `MAX_VARINT_BYTES`. */
export function decodeVarint(buffer: Uint8ArrayList | Uint8Array): VarintDecodeResult {
  let value = 0;
  let scale = 1;
  const length = buffer instanceof Uint8Array ? buffer.length : buffer.byteLength;
  for (let i = 0; i < Math.min(length, MAX_VARINT_BYTES); i++) {
    const byte = buffer instanceof Uint8Array ? (buffer[i] ?? 0) : buffer.get(i);
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { status: "ok", value, bytes: i + 1 };
    scale *= 0x80;
  }
  return length >= MAX_VARINT_BYTES ? { status: "invalid" } : { status: "incomplete" };
}

/** `data` with its length prefix. */
export function encodeFrame(data: Uint8Array): Uint8Array {
  const prefix = encodeVarint(data.length);
  const frame = new Uint8Array(prefix.length + data.length);
  frame.set(prefix, 0);
  frame.set(data, prefix.length);
  return frame;
}
