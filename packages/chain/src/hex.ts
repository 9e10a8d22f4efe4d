// 0x hex of bytes as one string from Buffer's native codec, for hex that is kept, compared or used as a key.
import type { PrefixedHexString } from "@ethereumjs/util";

/**
 * Lower-case 0x hex of `bytes`. ethereumjs' (noble's) bytesToHex appends two characters per byte,
 * which V8 keeps as a rope of ~60 pieces for a hash: ~1.5 KB of garbage, and flattened again where
 * the string is hashed as a Map or Set key. The pool's update after a block of 1,800 transfers took
 * 2–8 ms with such keys and ~1 ms with these (a loop of the pool core alone, same machine).
 */
export function toHex(bytes: Uint8Array): PrefixedHexString {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}
