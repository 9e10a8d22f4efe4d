// The pure-JS BLS12-381 backend (@noble/curves), the portable fallback.
import { bls12_381 } from "@noble/curves/bls12-381.js";
import type { BlsBackend } from "../interface.js";
import { deriveBlsSecretKey } from "./keygen.js";

/** The Ethereum / IETF proof-of-possession ciphersuite, the one blst uses by default. */
export const BLS_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

const bls = bls12_381.longSignatures;

/** Pure-JS BLS12-381 (`@noble/curves`): the portable fallback, ~20x slower than blst. */
export function createNobleBlsBackend(): BlsBackend {
  const hash = (message: Uint8Array) => bls.hash(message, BLS_DST);
  return {
    name: "noble",
    keygen(seed) {
      const secretKey = deriveBlsSecretKey(seed);
      return { secretKey, publicKey: bls.getPublicKey(secretKey).toBytes(true) };
    },
    getPublicKey: (secretKey) => bls.getPublicKey(secretKey).toBytes(true),
    sign: (secretKey, message) => bls.Signature.toBytes(bls.sign(hash(message), secretKey)),
    verify(publicKey, message, signature) {
      try {
        return bls.verify(signature, hash(message), publicKey);
      } catch {
        return false;
      }
    },
    aggregateSignatures: (signatures) => bls.Signature.toBytes(bls.aggregateSignatures([...signatures])),
    aggregateVerify(publicKeys, message, signature) {
      try {
        if (publicKeys.length === 0) return false;
        const aggregate = bls.aggregatePublicKeys([...publicKeys]);
        return bls.verify(signature, hash(message), aggregate);
      } catch {
        return false;
      }
    },
  };
}
