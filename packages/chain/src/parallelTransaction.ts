// EIGENChain's type 0x05 parallel transaction: EIP-1559's fields with a binding access list.
import { RLP } from "@ethereumjs/rlp";
import type { AccessListBytes, JSONTx, TxOptions } from "@ethereumjs/tx";
import { FeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToBigInt, toBytes, validateNoLeadingZeroes } from "@ethereumjs/util";

/**
 * EIGENChain's parallel transaction, EIP-2718 type 0x05 (from the original design).
 *
 * Envelope: `0x05 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value,
 * data, accessList, yParity, r, s])` — exactly EIP-1559's twelve fields, decoded strictly (exactly
 * twelve, no trailing bytes, canonical integers, yParity 0 or 1, s ≤ n/2).
 *
 * Signing payload: `keccak256(0x05 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
 * gasLimit, to, value, data, accessList]))` — the nine unsigned fields; the hash of the transaction
 * is `keccak256` of the whole envelope. Fees, intrinsic gas and receipts work as for 0x02.
 *
 * What differs is the access list: it is **binding**. The mempool's scheduler trusts it as the
 * transaction's complete access set (plus the sender's account, and the recipient's balance when
 * value is sent), and the executor fails a 0x05 transaction that touches any other account or
 * storage slot. "Touches" is anything the EVM asks the state about: reads and writes of accounts
 * (balance, nonce, code, existence, as in BALANCE, EXTCODE*, CALL) and of storage slots. Allowed:
 * - a listed address: the account itself, and all its storage when listed without storage keys,
 *   else only the listed slots;
 * - the sender, the recipient, the block's coinbase and the precompiles (0x01–0x11 on Prague; they
 *   hold no state): the account itself, no storage unless listed;
 * - for a contract creation, the new contract and all its storage (nobody else can touch it).
 *   A contract created by CREATE/CREATE2 inside the transaction must be listed like any other.
 *
 * A transaction that touches anything else is included but fails as an exceptional halt, however
 * the EVM run ended: status 0, gas used = gas limit, no logs, error `access outside binding access
 * list (0x<address>)` or `(0x<address> slot 0x<slot>)` for the first location outside. Its only
 * state changes are the sender's nonce + 1, the sender paying gasLimit × effective gas price, and
 * the coinbase receiving gasLimit × (effective gas price − base fee); no value moves. The check
 * runs after execution (`runTransaction` in the executor), identically in the sequential and the
 * parallel executor.
 *
 * 0x05 is also EIP-7702's MAGIC, the prefix of an *authorization* signing payload:
 * `keccak256(0x05 || rlp([chainId, address, nonce]))`. The two can never be confused: an
 * authorization's payload is a 3-item list, a 0x05 transaction's a 9-item list, so no byte string
 * is both (RLP is prefix-free and the list lengths differ), and a signature over one is never a
 * valid signature over the other short of a keccak collision. On the wire they never meet either:
 * authorizations travel inside a type 0x04 transaction's list, never as a 0x05 envelope, and a
 * 0x05 envelope is a 12-item list.
 */
export const PARALLEL_TRANSACTION_TYPE = 0x05;

type ParallelTxData = ConstructorParameters<typeof FeeMarket1559Tx>[0];

export class ParallelTransaction extends FeeMarket1559Tx {
  constructor(txData: ParallelTxData, opts: TxOptions = {}) {
    super(txData, { ...opts, freeze: false });
    // The inherited EIP-2718 serialisation, hashing and signing read `type` for the prefix byte.
    (this as { type: number }).type = PARALLEL_TRANSACTION_TYPE;
    if (opts.freeze ?? true) Object.freeze(this);
  }

  override addSignature(v: bigint, r: Uint8Array | bigint, s: Uint8Array | bigint): ParallelTransaction {
    return new ParallelTransaction(
      {
        chainId: this.chainId,
        nonce: this.nonce,
        maxPriorityFeePerGas: this.maxPriorityFeePerGas,
        maxFeePerGas: this.maxFeePerGas,
        gasLimit: this.gasLimit,
        ...(this.to === undefined ? {} : { to: this.to }),
        value: this.value,
        data: this.data,
        accessList: this.accessList,
        v,
        r: bytesToBigInt(toBytes(r)),
        s: bytesToBigInt(toBytes(s)),
      },
      { ...this.txOptions, common: this.common },
    );
  }

  override sign(privateKey: Uint8Array, extraEntropy?: Uint8Array | boolean): ParallelTransaction {
    return super.sign(privateKey, extraEntropy) as ParallelTransaction;
  }

  override toJSON(): JSONTx {
    return { ...super.toJSON(), type: "0x5" };
  }
}

export function createParallelTransaction(txData: ParallelTxData, opts: TxOptions = {}): ParallelTransaction {
  return new ParallelTransaction(txData, opts);
}

/** Whether a decoded transaction is EIGENChain's type 0x05 (its access list is binding). */
export function isParallelTransaction(tx: { type: number }): tx is ParallelTransaction {
  return tx.type === PARALLEL_TRANSACTION_TYPE;
}

const FIELD_COUNT = 12;

/** Decodes a signed 0x05 envelope strictly. Throws `Error`s whose messages read like geth's RLP errors. */
export function createParallelTransactionFromRLP(serialized: Uint8Array, opts: TxOptions = {}): ParallelTransaction {
  if (serialized[0] !== PARALLEL_TRANSACTION_TYPE) throw new Error("not a parallel transaction (type 0x05)");
  const values = RLP.decode(serialized.subarray(1));
  if (!Array.isArray(values)) throw new Error("expected input list for parallel transaction");
  if (values.length < FIELD_COUNT) throw new Error("too few elements for parallel transaction");
  if (values.length > FIELD_COUNT) throw new Error("input list has too many elements for parallel transaction");
  const [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList, v, r, s] = values;
  const scalars = { chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, v, r, s };
  for (const [name, field] of Object.entries(scalars)) {
    if (!(field instanceof Uint8Array)) throw new Error(`parallel transaction field ${name} must be a byte string`);
  }
  if (!Array.isArray(accessList)) throw new Error("parallel transaction access list must be a list");
  for (const item of accessList) {
    if (!Array.isArray(item) || item.length !== 2 || !(item[0] instanceof Uint8Array) || !Array.isArray(item[1])) {
      throw new Error("parallel transaction access list entries must be [address, [storageKeys]]");
    }
    if (item[0].length !== 20) throw new Error("parallel transaction access list address must be 20 bytes");
    for (const key of item[1]) {
      if (!(key instanceof Uint8Array) || key.length !== 32) throw new Error("parallel transaction storage keys must be 32 bytes");
    }
  }
  const bytes = scalars as Record<keyof typeof scalars, Uint8Array>;
  if (bytes.to.length !== 0 && bytes.to.length !== 20) throw new Error("parallel transaction recipient must be 20 bytes or empty");
  validateNoLeadingZeroes({
    chainId: bytes.chainId,
    nonce: bytes.nonce,
    maxPriorityFeePerGas: bytes.maxPriorityFeePerGas,
    maxFeePerGas: bytes.maxFeePerGas,
    gasLimit: bytes.gasLimit,
    value: bytes.value,
    v: bytes.v,
    r: bytes.r,
    s: bytes.s,
  });
  return new ParallelTransaction(
    {
      chainId: bytesToBigInt(bytes.chainId),
      nonce: bytes.nonce,
      maxPriorityFeePerGas: bytes.maxPriorityFeePerGas,
      maxFeePerGas: bytes.maxFeePerGas,
      gasLimit: bytes.gasLimit,
      to: bytes.to,
      value: bytes.value,
      data: bytes.data,
      accessList: accessList as AccessListBytes,
      v: bytesToBigInt(bytes.v),
      r: bytes.r,
      s: bytes.s,
    },
    opts,
  );
}
