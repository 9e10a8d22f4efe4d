// Native secp256k1 (libsecp256k1): the binding's loader, public-key recovery and a signed transaction's recovery id: the one home of the pool's and the executor's fast sender recovery.
import { createRequire } from "node:module";
import type { TypedTransaction } from "@ethereumjs/tx";
import { Capability, TransactionType } from "@ethereumjs/tx";
import { bytesToBigInt } from "@ethereumjs/util";
import { SECP256K1_N_DIV_2 } from "./signature.js";

/** The native binding's calls we use (secp256k1 5.x, libsecp256k1 underneath). */
export interface NativeSecp256k1 {
  /** Throws on a signature it cannot parse or recover; returns 65 bytes uncompressed. */
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
  /** RFC 6979, low s; throws on an invalid key. `signature` is r ‖ s. */
  ecdsaSign(msg32: Uint8Array, seckey: Uint8Array): { signature: Uint8Array; recid: number };
}

let native: NativeSecp256k1 | null | undefined;

/** The native binding, or null where no prebuilt binary loads (callers then take the pure-JS path). */
export function loadNativeSecp256k1(): NativeSecp256k1 | null {
  if (native === undefined) {
    try {
      const require = createRequire(import.meta.url);
      native = require("secp256k1/bindings") as NativeSecp256k1;
    } catch {
      native = null;
    }
  }
  return native;
}

/**
 * The recovery id (0 or 1) of a signed transaction as libsecp256k1 wants it: a typed
 * transaction's yParity, a legacy one's v of 27/28 or EIP-155's `chainId * 2 + 35 + id`; null
 * for anything else (the reference path then decides).
 */
export function getRecoveryId(tx: TypedTransaction): number | null {
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
 * Native public-key recovery of a 32-byte message hash (64-byte key without the 0x04 prefix), or
 * null when the addon is absent, the signature is not canonical (zero r or s, s above n/2, EIP-2)
 * or it fails.
 */
export function recoverPublicKeyNative(hash: Uint8Array, recid: number, r: Uint8Array, s: Uint8Array): Uint8Array | null {
  const lib = loadNativeSecp256k1();
  if (lib === null || r.length > 32 || s.length > 32 || (recid !== 0 && recid !== 1)) return null;
  const sv = bytesToBigInt(s);
  if (sv === 0n || bytesToBigInt(r) === 0n || sv > SECP256K1_N_DIV_2) return null;
  const sig = new Uint8Array(64);
  sig.set(r, 32 - r.length);
  sig.set(s, 64 - s.length);
  try {
    return lib.ecdsaRecover(sig, recid, hash, false).slice(1);
  } catch {
    return null;
  }
}
