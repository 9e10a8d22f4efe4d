// EIP-2's low-s rule for transaction signatures, asked before any sender is trusted.
import type { TypedTransaction } from "@ethereumjs/tx";
import { SECP256K1_ORDER_DIV_2 } from "@ethereumjs/util";

/** secp256k1n / 2: since Homestead (EIP-2) no transaction signature may have a larger s. */
export const SECP256K1_N_DIV_2 = SECP256K1_ORDER_DIV_2;

/**
 * EIP-2's low-s rule, the same test as geth's `ValidateSignatureValues(…, homestead)` and
 * ethereumjs's `validateHighS`: true when the transaction is signed with s > n/2 (or s = 0, r = 0)
 * under Homestead or later. ethereumjs checks typed transactions when they are built but a legacy
 * one only when it recovers its sender, and skips even that when a public key is already cached on
 * the transaction; every path that trusts a sender asks this first.
 */
export function hasNonCanonicalSignature(tx: TypedTransaction): boolean {
  const { r, s } = tx;
  if (r === undefined || s === undefined) return false;
  if (r === 0n || s === 0n) return true;
  return s > SECP256K1_N_DIV_2 && tx.common.gteHardfork("homestead");
}
