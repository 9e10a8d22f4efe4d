// Sender recovery straight from a transaction's raw bytes (no ethereumjs decode), for the workers.

import { recoverPublicKeyNative } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { bytesToBigInt } from "@ethereumjs/util";
import type { KeccakFn } from "../crypto/keccak.js";

function unpadded(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array();
  const hex = value.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, "hex"));
}

/**
 * Sender recovery straight from a transaction's canonical encoding (what `tx.serialize()` gives),
 * without building an ethereumjs transaction (~35–100 µs per decode, more than the native
 * recovery itself): the signing hash is the encoding minus (v, r, s), re-listed — for EIP-2718
 * types 1, 2 and 4 `type ‖ rlp(fields[0..−3])`, for EIP-155 legacy
 * `rlp(fields[0..6] ‖ chainId ‖ 0 ‖ 0)`. Returns null for anything else (other types, pre-155
 * legacy, a non-canonical signature, no native addon): the caller then takes the reference path,
 * which decides. The result only seeds `tx.cache.senderPubKey`; the equivalence tests check the
 * senders against ethereumjs's own recovery.
 */
export function recoverFromRaw(raw: Uint8Array, chainId: bigint, keccak: KeccakFn): { pubkey: Uint8Array; sender: Uint8Array } | null {
  try {
    const first = raw[0];
    if (first === undefined) return null;
    let hash: Uint8Array;
    let recid: number;
    let r: Uint8Array;
    let s: Uint8Array;
    if (first >= 0xc0) {
      const fields = RLP.decode(raw) as Uint8Array[];
      if (!Array.isArray(fields) || fields.length !== 9 || fields.some((f) => !(f instanceof Uint8Array))) return null;
      const id = bytesToBigInt(fields[6]!) - 35n - 2n * chainId;
      if (id !== 0n && id !== 1n) return null;
      recid = Number(id);
      hash = keccak(RLP.encode([...fields.slice(0, 6), unpadded(chainId), new Uint8Array(), new Uint8Array()]));
      r = fields[7]!;
      s = fields[8]!;
    } else if (first === 1 || first === 2 || first === 4) {
      const fields = RLP.decode(raw.subarray(1)) as (Uint8Array | unknown[])[];
      if (!Array.isArray(fields) || fields.length < 4) return null;
      const [v, rr, ss] = fields.slice(-3);
      if (!(v instanceof Uint8Array) || !(rr instanceof Uint8Array) || !(ss instanceof Uint8Array)) return null;
      if (v.length > 1 || (v.length === 1 && v[0]! > 1) || (v.length === 1 && v[0] === 0)) return null;
      recid = v.length === 0 ? 0 : 1;
      const body = RLP.encode(fields.slice(0, -3) as never);
      const msg = new Uint8Array(1 + body.length);
      msg[0] = first;
      msg.set(body, 1);
      hash = keccak(msg);
      r = rr;
      s = ss;
    } else {
      return null;
    }
    const pubkey = recoverPublicKeyNative(hash, recid, r, s);
    if (pubkey === null) return null;
    return { pubkey, sender: keccak(pubkey).slice(12) };
  } catch {
    return null;
  }
}
