// BLS secret keys from a seed (the IETF draft's KeyGen, the same keys as blst).
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";

/** Order of the BLS12-381 scalar field. */
const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

/**
 * KeyGen of draft-irtf-cfrg-bls-signature-05 §2.3 (the one blst implements): HKDF-SHA256 over the seed
 * with a re-hashed salt until the scalar is non-zero. Gives the same key as blst's `SecretKey.fromKeygen`.
 */
export function deriveBlsSecretKey(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array()): Uint8Array {
  if (ikm.length < 32) throw new RangeError("BLS key generation needs at least 32 bytes of seed");
  let salt: Uint8Array = new TextEncoder().encode("BLS-SIG-KEYGEN-SALT-");
  const ikmZero = new Uint8Array(ikm.length + 1);
  ikmZero.set(ikm);
  const info = new Uint8Array(keyInfo.length + 2);
  info.set(keyInfo);
  info[keyInfo.length + 1] = 48; // I2OSP(L, 2) with L = 48
  for (;;) {
    salt = sha256(salt);
    const okm = hkdf(sha256, ikmZero, salt, info, 48);
    let sk = 0n;
    for (const b of okm) sk = (sk << 8n) | BigInt(b);
    sk %= R;
    if (sk !== 0n) {
      const out = new Uint8Array(32);
      for (let i = 31; i >= 0; i--) {
        out[i] = Number(sk & 0xffn);
        sk >>= 8n;
      }
      return out;
    }
  }
}
