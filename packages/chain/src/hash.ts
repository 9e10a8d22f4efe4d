// Keccak-256 as Ethereum uses it.
import { keccak_256 } from "@noble/hashes/sha3.js";

/** Keccak-256 as Ethereum uses it (not NIST SHA3-256). */
export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}
