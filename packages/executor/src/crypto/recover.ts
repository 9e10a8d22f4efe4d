// The executor's sender recovery: native secp256k1 when it loads (see chain's secp256k1.ts), the reference path deciding anything unusual.
import type { TypedTransaction } from "@eigenchain/chain";
import { cacheSenderPublicKey, getRecoveryId, hasNonCanonicalSignature, recoverPublicKeyNative } from "@eigenchain/chain";

/** Which secp256k1 implementation recovers senders. */
export type RecoveryBackend = "native" | "js";

function toBytes32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/**
 * Recovers the sender of `tx` and caches its public key on the transaction (ethereumjs reads
 * `tx.cache.senderPubKey` before recovering again), so `runTx` never recovers it a second time.
 * The native addon (~60 µs) is used when present; the noble path (~1.4 ms) is the fallback and
 * the judge of every unusual signature (high s, bad recovery id), so both give the same answer.
 * Returns the 20-byte sender, or null when the signature recovers to nothing.
 */
export function recoverSenderCached(tx: TypedTransaction, backend: RecoveryBackend): Uint8Array | null {
  // EIP-2 before anything else: ethereumjs trusts a public key cached on the transaction (the pool
  // caches what it recovered) and checks a legacy transaction's s only when it recovers itself.
  if (hasNonCanonicalSignature(tx)) return null;
  if (backend === "native" && tx.cache.senderPubKey === undefined && tx.r !== undefined && tx.s !== undefined) {
    const recid = getRecoveryId(tx);
    if (recid !== null) {
      // Null (no addon, a non-canonical or failed signature): the reference implementation decides.
      const pub = recoverPublicKeyNative(tx.getMessageToVerifySignature(), recid, toBytes32(tx.r), toBytes32(tx.s));
      if (pub !== null) cacheSenderPublicKey(tx, pub);
    }
  }
  try {
    return tx.getSenderAddress().bytes;
  } catch {
    return null;
  }
}
