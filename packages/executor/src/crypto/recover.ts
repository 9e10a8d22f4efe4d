import { createRequire } from "node:module";
import type { TypedTransaction } from "@eigenchain/chain";
import { hasNonCanonicalSignature, SECP256K1_N_DIV_2 } from "@eigenchain/chain";
import { Capability, TransactionType } from "@ethereumjs/tx";

/** Which secp256k1 implementation recovers senders. */
export type RecoveryBackend = "native" | "js";

interface NativeSecp256k1 {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
}

function loadNative(): NativeSecp256k1 | null {
  try {
    const require = createRequire(import.meta.url);
    return require("secp256k1") as NativeSecp256k1;
  } catch {
    return null;
  }
}

const native = loadNative();

/** Whether the native secp256k1 addon loaded here. */
export const hasNativeSecp256k1 = native !== null;

function toBytes32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function recoveryId(tx: TypedTransaction): number | null {
  const v = tx.v;
  if (v === undefined) return null;
  if (tx.type !== TransactionType.Legacy) return v <= 1n ? Number(v) : null;
  if (v === 27n || v === 28n) return Number(v - 27n);
  if (tx.supports(Capability.EIP155ReplayProtection)) {
    const id = v - 35n - 2n * tx.common.chainId();
    return id === 0n || id === 1n ? Number(id) : null;
  }
  return null;
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
  if (backend === "native" && native !== null && tx.cache.senderPubKey === undefined && tx.r !== undefined && tx.s !== undefined) {
    const recid = recoveryId(tx);
    if (recid !== null && tx.s <= SECP256K1_N_DIV_2 && tx.s > 0n && tx.r > 0n) {
      try {
        const sig = new Uint8Array(64);
        sig.set(toBytes32(tx.r), 0);
        sig.set(toBytes32(tx.s), 32);
        const pub = native.ecdsaRecover(sig, recid, tx.getMessageToVerifySignature(), false);
        if (Object.isFrozen(tx)) tx.cache.senderPubKey = pub.slice(1);
      } catch {
        // fall through to the reference implementation, which decides
      }
    }
  }
  try {
    return tx.getSenderAddress().bytes;
  } catch {
    return null;
  }
}

/**
 * Native public-key recovery of a 32-byte message hash (64-byte key without the 0x04 prefix), or
 * null when the addon is absent, the signature is not canonical (zero or high s) or it fails.
 */
export function recoverPublicKeyNative(hash: Uint8Array, recid: number, r: Uint8Array, s: Uint8Array): Uint8Array | null {
  if (native === null || r.length > 32 || s.length > 32 || (recid !== 0 && recid !== 1)) return null;
  const sig = new Uint8Array(64);
  sig.set(r, 32 - r.length);
  sig.set(s, 64 - s.length);
  let sv = 0n;
  for (const b of s) sv = (sv << 8n) | BigInt(b);
  let rv = 0n;
  for (const b of r) rv = (rv << 8n) | BigInt(b);
  if (sv === 0n || rv === 0n || sv > SECP256K1_N_DIV_2) return null;
  try {
    return native.ecdsaRecover(sig, recid, hash, false).slice(1);
  } catch {
    return null;
  }
}
