// The native BLS12-381 backend (@chainsafe/blst).
import { createRequire } from "node:module";
import type * as Blst from "@chainsafe/blst";
import type { BlsBackend } from "../interface.js";

/** Loaded on first use, so a platform without the native binary can still fall back to noble. */
function loadBlst(): typeof Blst {
  return createRequire(import.meta.url)("@chainsafe/blst") as typeof Blst;
}

/** Native BLS12-381 (`@chainsafe/blst`, supranational/blst). Keys and signatures are validated on parse. */
export function createBlstBlsBackend(): BlsBackend {
  const { PublicKey, SecretKey, Signature, aggregateSignatures, fastAggregateVerify, verify } = loadBlst();
  return {
    name: "blst",
    keygen(seed) {
      const sk = SecretKey.fromKeygen(seed);
      return { secretKey: sk.toBytes(), publicKey: sk.toPublicKey().toBytes(true) };
    },
    getPublicKey: (secretKey) => SecretKey.fromBytes(secretKey).toPublicKey().toBytes(true),
    sign: (secretKey, message) => SecretKey.fromBytes(secretKey).sign(message).toBytes(true),
    verify(publicKey, message, signature) {
      try {
        return verify(message, PublicKey.fromBytes(publicKey, true), Signature.fromBytes(signature, true), true, true);
      } catch {
        return false;
      }
    },
    aggregateSignatures: (signatures) =>
      aggregateSignatures(
        signatures.map((s) => Signature.fromBytes(s, true)),
        true,
      ).toBytes(true),
    aggregateVerify(publicKeys, message, signature) {
      try {
        if (publicKeys.length === 0) return false;
        const pks = publicKeys.map((pk) => PublicKey.fromBytes(pk, true));
        return fastAggregateVerify(message, pks, Signature.fromBytes(signature, true), true);
      } catch {
        return false;
      }
    },
  };
}
