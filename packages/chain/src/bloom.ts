// The 2048-bit logs bloom: setting, testing and merging bits.
import { keccak256 } from "./hash.js";

export const BLOOM_BYTES = 256;

/**
 * Sets the three bits of a 2048-bit Ethereum logs bloom for one value (yellow paper, eq. 27).
 * `keccak` lets a hot path bring a faster implementation (the executor's native one).
 */
export function addToBloom(bloom: Uint8Array, value: Uint8Array, keccak: (data: Uint8Array) => Uint8Array = keccak256): void {
  const hash = keccak(value);
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 2047;
    bloom[BLOOM_BYTES - 1 - (bit >> 3)]! |= 1 << (bit & 7);
  }
}

export function orBloom(target: Uint8Array, other: Uint8Array): void {
  for (let i = 0; i < BLOOM_BYTES; i++) target[i]! |= other[i]!;
}
