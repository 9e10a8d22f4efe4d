// Raw transactions at the edge: size and type checks, decoding (0x05 included), sender recovery.
import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import type { TxOptions, TypedTransaction } from "@ethereumjs/tx";
import {
  create1559FeeMarketTxFromBytesArray,
  createAccessList2930TxFromBytesArray,
  createEOACode7702TxFromBytesArray,
  createLegacyTxFromBytesArray,
  createTxFromRLP,
  paramsTx,
  TransactionType,
} from "@ethereumjs/tx";
import { Address, bytesToBigInt } from "@ethereumjs/util";
import { EigenError } from "./errors.js";
import { keccak256 } from "./hash.js";
import { createParallelTransactionFromRLP, PARALLEL_TRANSACTION_TYPE } from "./parallelTransaction.js";
import { hasNonCanonicalSignature } from "./signature.js";
import { computeTypedSigningHash } from "./typedSigningHash.js";

export type { TypedTransaction };

/**
 * Why a raw transaction was refused before it reached any state. Messages follow geth's texts
 * because ethers and viem classify node errors by them.
 */
export type TxDecodeErrorType =
  | { code: "TX_RLP_INVALID" }
  | { code: "TX_TYPE_UNSUPPORTED"; txType: number }
  | { code: "TX_CHAIN_ID_INVALID"; have: bigint; want: bigint }
  | { code: "TX_UNPROTECTED" }
  | { code: "TX_SIGNATURE_INVALID" }
  | { code: "TX_TIP_ABOVE_FEE_CAP" }
  | { code: "TX_OVERSIZED"; size: number; limit: number };

export type TxDecodeError = EigenError<TxDecodeErrorType>;

/** The original design's 4 MiB ceiling on one encoded transaction. */
export const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

/** EIP-2718 types this chain executes; blob transactions (0x03) have no blob market here. */
const SUPPORTED_TYPES = new Set<number>([
  TransactionType.AccessListEIP2930,
  TransactionType.FeeMarketEIP1559,
  TransactionType.EOACodeEIP7702,
]);

function reject(type: TxDecodeErrorType, message: string, cause?: unknown): never {
  throw new EigenError<TxDecodeErrorType>(type, message, cause === undefined ? undefined : { cause });
}

/**
 * The part of a decoder's error a client may see: ethereumjs's own texts ("invalid RLP: …", "Invalid
 * EIP-2930 transaction …"), cut before their debug suffix. A JavaScript runtime error (a TypeError
 * from a field of the wrong shape, "Cannot read properties of undefined") is an internal detail.
 */
function describeDecodeFailure(err: unknown): string {
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError) {
    return "invalid transaction encoding";
  }
  const message = err instanceof Error ? err.message : "";
  return message === "" ? "invalid transaction encoding" : (message.split(" (")[0] as string);
}

/** A transaction envelope's RLP fields (the payload after the type byte of a typed one). */
type EnvelopeFields = (Uint8Array | EnvelopeFields)[];

/** Decodes an envelope's RLP list, once: the chain id is read from it, then ethereumjs builds from it. */
function decodeEnvelopeFields(raw: Uint8Array): EnvelopeFields {
  let fields: unknown;
  try {
    fields = RLP.decode(raw[0]! >= 0xc0 ? raw : raw.subarray(1));
  } catch (err) {
    return reject({ code: "TX_RLP_INVALID" }, `rlp: ${(err as Error).message}`, err);
  }
  if (!Array.isArray(fields) || fields.some((f) => !(f instanceof Uint8Array) && !Array.isArray(f))) {
    return reject({ code: "TX_RLP_INVALID" }, "rlp: expected input list for transaction");
  }
  return fields as EnvelopeFields;
}

/** Reads the chain id a transaction commits to, before any ethereumjs validation can blur the reason. */
function readSignedChainId(raw: Uint8Array, fields: EnvelopeFields): bigint | undefined {
  if (raw[0]! >= 0xc0) {
    // Legacy: v = chainId * 2 + 35|36 under EIP-155; 27|28 means no chain id at all.
    const v = fields[6];
    if (!(v instanceof Uint8Array)) return reject({ code: "TX_RLP_INVALID" }, "rlp: too few elements for legacy transaction");
    const value = bytesToBigInt(v);
    return value >= 35n ? (value - 35n) / 2n : undefined;
  }
  const chainId = fields[0];
  if (!(chainId instanceof Uint8Array)) return reject({ code: "TX_RLP_INVALID" }, "rlp: chain id must be a byte string");
  return bytesToBigInt(chainId);
}

/**
 * ethereumjs copies the Common and re-merges its parameter tables (JSON round trips) for every
 * transaction it constructs: ~8% of the node's main thread under a transfer load, and ~250 µs per
 * transaction once a VM's parameters were merged into that Common. A decoded transaction only reads
 * its Common (same chain, same hardfork), so the decoders hand every transaction one prepared copy
 * whose `copy()` is itself and whose tx parameters are merged once.
 */
const sharedTxCommons = new WeakSet<Common>();
const sharedTxCommonOf = new WeakMap<Common, Common>();

/** A copy of `common` that transactions share (see above); the executor's workers make their own. */
export function createSharedTxCommon(common: Common): Common {
  const shared = common.copy();
  shared.updateParams(paramsTx);
  // defineProperty, not assignment: the executor's workers freeze Common's prototype.
  Object.defineProperty(shared, "copy", { value: () => shared });
  Object.defineProperty(shared, "updateParams", { value: () => undefined });
  sharedTxCommons.add(shared);
  return shared;
}

function getSharedTxCommon(common: Common): Common {
  if (sharedTxCommons.has(common)) return common;
  const known = sharedTxCommonOf.get(common);
  if (known !== undefined && known.hardfork() === common.hardfork()) return known;
  const shared = createSharedTxCommon(common);
  sharedTxCommonOf.set(common, shared);
  return shared;
}

/**
 * Decodes an EIP-2718 envelope (legacy, 0x01, 0x02, 0x04, EIGENChain's 0x05) for this chain and checks
 * everything that needs no state: size, type, RLP shape, chain id and signature. Throws a `TxDecodeError`.
 */
export function decodeTransaction(raw: Uint8Array, common: Common, maxBytes = MAX_TRANSACTION_BYTES): TypedTransaction {
  if (raw.length > maxBytes) {
    reject({ code: "TX_OVERSIZED", size: raw.length, limit: maxBytes }, "oversized data");
  }
  if (raw.length === 0) reject({ code: "TX_RLP_INVALID" }, "typed transaction too short");
  const first = raw[0]!;
  if (first < 0xc0 && !SUPPORTED_TYPES.has(first) && first !== PARALLEL_TRANSACTION_TYPE) {
    reject({ code: "TX_TYPE_UNSUPPORTED", txType: first }, "transaction type not supported");
  }
  const fields = decodeEnvelopeFields(raw);
  const chainId = readSignedChainId(raw, fields);
  if (chainId === undefined) {
    reject({ code: "TX_UNPROTECTED" }, "only replay-protected (EIP-155) transactions allowed over RPC");
  }
  if (chainId !== common.chainId()) {
    reject(
      { code: "TX_CHAIN_ID_INVALID", have: chainId, want: common.chainId() },
      `invalid chain id for signer: have ${chainId} want ${common.chainId()}`,
    );
  }
  let tx: TypedTransaction;
  const txCommon = getSharedTxCommon(common);
  try {
    // EIGENChain's 0x05 is not an ethereumjs type: decoded here, every other type as before.
    tx = decodeFrozen(raw, txCommon, fields);
  } catch (err) {
    const message = (err as Error).message;
    if (/signature/i.test(message)) reject({ code: "TX_SIGNATURE_INVALID" }, "invalid transaction v, r, s values", err);
    if (message.startsWith("maxFeePerGas cannot be less than maxPriorityFeePerGas")) {
      reject({ code: "TX_TIP_ABOVE_FEE_CAP" }, "max priority fee per gas higher than max fee per gas", err);
    }
    return reject({ code: "TX_RLP_INVALID" }, `rlp: ${describeDecodeFailure(err)}`, err);
  }
  if (!tx.isSigned() || hasNonCanonicalSignature(tx)) {
    reject({ code: "TX_SIGNATURE_INVALID" }, "invalid transaction v, r, s values");
  }
  return tx;
}

/**
 * Decodes a transaction some block already carries, by type, without `decodeTransaction`'s
 * admission rules (size limit, EIP-155 replay protection, this chain's id): those decide what the
 * node accepts from users, while a block may hold any valid transaction of its fork, and the
 * executor's worker threads decode again what the coordinator was given. Throws ethereumjs's error,
 * or a `TxDecodeError` for a legacy transaction that breaks EIP-2's low-s rule.
 */
export function decodeBlockTransaction(raw: Uint8Array, common: Common): TypedTransaction {
  const txCommon = getSharedTxCommon(common);
  const tx = decodeFrozen(raw, txCommon);
  // ethereumjs refuses a typed transaction's high s as it builds it, a legacy one's only later.
  if (hasNonCanonicalSignature(tx)) reject({ code: "TX_SIGNATURE_INVALID" }, "invalid transaction v, r, s values");
  return tx;
}

/** A transaction this node already decoded, by its hash (keccak of its signed bytes), if it has one. */
export type KnownTransactionLookup = (hash: Uint8Array) => TypedTransaction | undefined;

/**
 * `decodeBlockTransaction`, unless `known` holds the transaction with these bytes' hash, decoded for
 * the same chain rules (the same shared Common): then that one, since equal hashes are equal bytes and
 * decoded transactions are frozen. A validator's pool has decoded most of a proposal's transactions
 * already (~0.1 ms each on this project's VM); their recovered keys come with them.
 */
export function decodeOrReuseBlockTransaction(raw: Uint8Array, common: Common, known?: KnownTransactionLookup): TypedTransaction {
  const tx = known?.(keccak256(raw));
  if (tx !== undefined && tx.common === getSharedTxCommon(common) && Object.isFrozen(tx)) return tx;
  return decodeBlockTransaction(raw, common);
}

/**
 * ethereumjs's constructors from decoded fields, for the envelopes `decodeTransaction` admits: what its
 * `createTxFromRLP` calls after decoding the same bytes again (~3 µs and ~2.5 KB of garbage per
 * transfer here).
 */
const FROM_FIELDS = new Map<number, (fields: never, opts: TxOptions) => TypedTransaction>([
  [TransactionType.AccessListEIP2930, createAccessList2930TxFromBytesArray],
  [TransactionType.FeeMarketEIP1559, create1559FeeMarketTxFromBytesArray],
  [TransactionType.EOACodeEIP7702, createEOACode7702TxFromBytesArray],
]);

function createFromFields(raw: Uint8Array, fields: EnvelopeFields, opts: TxOptions): TypedTransaction | undefined {
  if (raw[0]! >= 0xc0) return createLegacyTxFromBytesArray(fields as never, opts);
  return FROM_FIELDS.get(raw[0]!)?.(fields as never, opts);
}

/**
 * Decodes by type and freezes the transaction (ethereumjs caches hashes and keys only on frozen ones)
 * after giving it methods that read the bytes it came from instead of encoding its fields again.
 * `fields`: the envelope's RLP list when the caller has decoded it already.
 */
function decodeFrozen(raw: Uint8Array, txCommon: Common, fields?: EnvelopeFields): TypedTransaction {
  const opts = { common: txCommon, freeze: false };
  const tx =
    raw[0] === PARALLEL_TRANSACTION_TYPE
      ? createParallelTransactionFromRLP(raw, opts)
      : ((fields === undefined ? undefined : createFromFields(raw, fields, opts)) ?? createTxFromRLP(raw, opts));
  // The decoders accept canonical RLP with canonical fields only, so these bytes are what
  // tx.serialize() would rebuild (~7 µs per transaction, again for every block that stores it), and
  // their keccak is the hash tx.hash() would serialize them again for (it reads the cache first).
  const bytes = raw.slice();
  let sender: Address | undefined;
  let signingHash: Uint8Array | undefined;
  Object.defineProperties(tx, {
    // ethereumjs hashes the public key with the pure-JS keccak on every call (runTx, receipts, RPC
    // answers); this hashes it once, with chain's keccak256.
    getSenderAddress: {
      value: (): Address => {
        sender ??= new Address(keccak256(tx.getSenderPublicKey()).slice(12));
        return sender;
      },
    },
    serialize: { value: (): Uint8Array => bytes.slice() },
  });
  if (tx.type !== TransactionType.Legacy) {
    const encodeAndHash = tx.getHashedMessageToSign.bind(tx);
    // What recovery hashes (getMessageToVerifySignature calls this), cut from the signed bytes once.
    Object.defineProperty(tx, "getHashedMessageToSign", {
      value: (): Uint8Array => {
        signingHash ??= computeTypedSigningHash(bytes) ?? encodeAndHash();
        return signingHash;
      },
    });
  }
  Object.freeze(tx);
  decodedBytes.set(tx, bytes);
  tx.cache.hash = keccak256(bytes);
  return tx;
}

/**
 * Puts a sender's public key recovered elsewhere (the pool, a worker, another copy of the same signed
 * bytes) on `tx`, so ethereumjs does not recover it again. Only a frozen transaction without a key
 * takes one: ethereumjs trusts the cache only on frozen transactions, and a key already there stays.
 * Returns whether `tx` took this one.
 */
export function cacheSenderPublicKey(tx: TypedTransaction, publicKey: Uint8Array): boolean {
  if (tx.cache.senderPubKey !== undefined || !Object.isFrozen(tx)) return false;
  tx.cache.senderPubKey = publicKey;
  return true;
}

/** The exact bytes each transaction was decoded from (its canonical encoding). */
const decodedBytes = new WeakMap<TypedTransaction, Uint8Array>();

/** A transaction's canonical encoding: the bytes it was decoded from when known, else `tx.serialize()`. */
export function getTransactionBytes(tx: TypedTransaction): Uint8Array {
  return decodedBytes.get(tx) ?? tx.serialize();
}

/** Recovers the sender; a signature that recovers to nothing is refused with geth's text. */
export function recoverSender(tx: TypedTransaction): Address {
  if (hasNonCanonicalSignature(tx)) reject({ code: "TX_SIGNATURE_INVALID" }, "invalid transaction v, r, s values");
  try {
    return tx.getSenderAddress();
  } catch (err) {
    return reject({ code: "TX_SIGNATURE_INVALID" }, "invalid transaction v, r, s values", err);
  }
}
