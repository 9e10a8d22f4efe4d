// An account as stored in the state trie: fields, RLP encoding and decoding.
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToBigInt } from "@ethereumjs/util";
import { EMPTY_TRIE_ROOT } from "./trie.js";

/** Keccak-256 of the empty byte string: the code hash of an account without code. */
export const EMPTY_CODE_HASH = Uint8Array.from(Buffer.from("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", "hex"));

/** One account as stored in the state trie. */
export interface AccountData {
  nonce: bigint;
  balance: bigint;
  storageRoot: Uint8Array;
  codeHash: Uint8Array;
}

export function encodeAccount(account: AccountData): Uint8Array {
  return RLP.encode([bigIntToUnpaddedBytes(account.nonce), bigIntToUnpaddedBytes(account.balance), account.storageRoot, account.codeHash]);
}

export function decodeAccount(bytes: Uint8Array): AccountData {
  const fields = RLP.decode(bytes) as Uint8Array[];
  return { nonce: bytesToBigInt(fields[0]!), balance: bytesToBigInt(fields[1]!), storageRoot: fields[2]!, codeHash: fields[3]! };
}

export function createEmptyAccount(): AccountData {
  return { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH };
}

export function stripZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return start === 0 ? bytes : bytes.subarray(start);
}
