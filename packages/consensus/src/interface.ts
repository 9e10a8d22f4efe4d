// What the consensus core needs from its host: a durable WAL and a BLS backend.
import type { WalEntry } from "./core/types.js";

/**
 * The consensus write-ahead log. Synchronous on purpose: `append` returns only once the entry is
 * durable (fsync for the file WAL), and the driver's outputs are executed in order, so an own vote or
 * proposal is on disk before it is signed and sent.
 */
export interface ConsensusWal {
  /** Appends one entry durably. */
  append(entry: WalEntry): void;
  /** Every entry still in the log, oldest first (a torn last record is dropped). */
  readAll(): WalEntry[];
  /** Drops entries of heights below `height` (they are committed to the block store). */
  pruneBelow(height: number): void;
  close(): void;
}

/** BLS12-381 "minimal public key" signatures (48-byte G1 keys, 96-byte G2 signatures, POP ciphersuite). */
export interface BlsBackend {
  readonly name: "noble" | "blst";
  /** Deterministic key generation (IETF KeyGen) from at least 32 bytes of seed. */
  keygen(seed: Uint8Array): { secretKey: Uint8Array; publicKey: Uint8Array };
  getPublicKey(secretKey: Uint8Array): Uint8Array;
  sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** False for a bad signature or a malformed key or signature (never throws). */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array;
  /**
   * One aggregate verification of signatures by many keys over the SAME message (FastAggregateVerify).
   * Needs proof of possession of every key (see `createProofOfPossession`) against rogue-key attacks.
   */
  aggregateVerify(publicKeys: readonly Uint8Array[], message: Uint8Array, signature: Uint8Array): boolean;
}
