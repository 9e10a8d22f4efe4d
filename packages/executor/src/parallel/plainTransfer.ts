// A plain value transfer worked out without the EVM: the parallel kernel's fast path for the most common transaction.
import type { TypedTransaction } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { bytesToBigInt } from "@ethereumjs/util";
import type { AccountData } from "../state/account.js";
import { createEmptyAccount, EMPTY_CODE_HASH } from "../state/account.js";
import { bytesToHexFast, equalBytes } from "../state/bytes.js";
import type { TxExecution } from "../vm/txKernel.js";

/** A transfer's whole gas: intrinsic, nothing else (no data, no access list, no code runs; EIP-7623's floor is the same). */
const TRANSFER_GAS = 21_000n;
/** EIP-2681: a nonce at this value cannot be incremented; ethereumjs decides that case. */
const MAX_NONCE = 2n ** 64n - 1n;

export interface PlainTransferEnv {
  baseFee: bigint;
  blockGasLimit: bigint;
}

export interface PlainTransfer {
  senderHex: string;
  recipientHex: string;
}

/** What the fast path needs of a transaction: from a decoded one, or read straight from its bytes. */
export interface TransferFields {
  type: number;
  /** Undefined: a contract creation. */
  to: Uint8Array | undefined;
  dataLength: number;
  accessListLength: number;
  nonce: bigint;
  gasLimit: bigint;
  /** maxFeePerGas, or a type 0/1 transaction's gasPrice. */
  feeCap: bigint;
  /** maxPriorityFeePerGas; undefined for types 0 and 1 (their tip is what the gas price leaves above the base fee). */
  tipCap: bigint | undefined;
  value: bigint;
}

export function getTransferFields(tx: TypedTransaction): TransferFields {
  const fee = tx as { maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint; gasPrice?: bigint; accessList?: unknown[] };
  return {
    type: tx.type,
    to: tx.to?.bytes,
    dataLength: tx.data.length,
    accessListLength: fee.accessList?.length ?? 0,
    nonce: tx.nonce,
    gasLimit: tx.gasLimit,
    feeCap: fee.maxFeePerGas ?? (fee.gasPrice as bigint),
    tipCap: fee.maxPriorityFeePerGas,
    value: tx.value,
  };
}

/**
 * The fields of a type 0, 1 or 2 transaction's canonical encoding without building an ethereumjs
 * transaction (~0.13 ms each on the executor's workers, most of a transfer's cost there); null for
 * any other type. The bytes are a block's, already decoded and checked where the block came from.
 */
export function readTransferFields(raw: Uint8Array): TransferFields | null {
  const type = raw[0]!;
  if (type !== 1 && type !== 2 && type < 0xc0) return null;
  let fields: Uint8Array[];
  try {
    fields = RLP.decode(type >= 0xc0 ? raw : raw.subarray(1)) as Uint8Array[];
  } catch {
    return null; // the full decode reports it
  }
  if (!Array.isArray(fields) || fields.length < (type === 2 ? 12 : type === 1 ? 11 : 9)) return null;
  // legacy: nonce, gasPrice, gas, to, value, data, v, r, s; 1: chainId first, accessList after data;
  // 2: chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, then as 1.
  const [nonce, tipCap, feeCap, gas, to, value, data, accessList] =
    type >= 0xc0
      ? [fields[0], undefined, fields[1], fields[2], fields[3], fields[4], fields[5], []]
      : type === 1
        ? [fields[1], undefined, fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]]
        : fields.slice(1, 9);
  return {
    type: type >= 0xc0 ? 0 : type,
    to: (to as Uint8Array).length === 0 ? undefined : (to as Uint8Array),
    dataLength: (data as Uint8Array).length,
    accessListLength: (accessList as unknown[]).length,
    nonce: bytesToBigInt(nonce as Uint8Array),
    gasLimit: bytesToBigInt(gas as Uint8Array),
    feeCap: bytesToBigInt(feeCap as Uint8Array),
    tipCap: tipCap === undefined ? undefined : bytesToBigInt(tipCap as Uint8Array),
    value: bytesToBigInt(value as Uint8Array),
  };
}

export interface PlainTransferOutcome {
  sender: AccountData;
  /** Null: the recipient is unchanged (a zero-value transfer). */
  recipient: AccountData | null;
  /** Its `minerValue` is the coinbase's credit, a delta like every fee. */
  execution: TxExecution;
}

/**
 * Whether the transaction is shaped like a plain transfer: type 0–2, a recipient, no data, no access
 * list, two different ends, neither the coinbase, the recipient no active precompile (`precompiles`:
 * the EVM's, keyed by unprefixed lower-case address). Null otherwise.
 */
export function matchPlainTransfer(
  tx: TransferFields,
  senderHex: string,
  coinbaseHex: string,
  precompiles: ReadonlyMap<string, unknown>,
): PlainTransfer | null {
  if (tx.type > 2 || tx.to === undefined || tx.dataLength !== 0 || tx.accessListLength !== 0) return null;
  const recipientHex = bytesToHexFast(tx.to);
  if (recipientHex === senderHex || recipientHex === coinbaseHex || senderHex === coinbaseHex) return null;
  if (precompiles.has(recipientHex)) return null;
  return { senderHex, recipientHex };
}

/**
 * The sender's half of the checks (nonce, no code, funds, gas and fee cap): runTx refuses a transaction
 * that fails one before it reads the recipient, so the caller reads the recipient only after this
 * (an extra read would count as a dependency on whoever wrote it).
 */
export function canSendPlainTransfer(tx: TransferFields, sender: AccountData, env: PlainTransferEnv): boolean {
  if (hasCode(sender) || sender.nonce !== tx.nonce || sender.nonce >= MAX_NONCE) return false;
  if (tx.gasLimit < TRANSFER_GAS || tx.gasLimit > env.blockGasLimit) return false;
  return tx.feeCap >= env.baseFee && sender.balance >= tx.value + tx.gasLimit * tx.feeCap;
}

function hasCode(account: AccountData): boolean {
  return !equalBytes(account.codeHash, EMPTY_CODE_HASH);
}

/**
 * The transfer's effect when everything about it is ordinary; null when anything is not (a nonce,
 * funds or fee problem, a sender or recipient with code, a zero-value touch of an empty or missing
 * account, no tip for the coinbase): ethereumjs's `runTx` then runs it and has the last word. When it
 * answers, it answers what runTx would: the parallel executor's equivalence tests compare every
 * block with the sequential reference, which always runs `runTx`.
 */
export function computePlainTransfer(
  tx: TransferFields,
  sender: AccountData | undefined,
  recipient: AccountData | undefined,
  env: PlainTransferEnv,
): PlainTransferOutcome | null {
  if (sender === undefined || !canSendPlainTransfer(tx, sender, env)) return null;
  const room = tx.feeCap - env.baseFee;
  const tip = tx.tipCap === undefined ? room : min(tx.tipCap, room);
  const gasPrice = env.baseFee + tip;
  const minerValue = TRANSFER_GAS * tip;
  if (minerValue === 0n) return null;
  let receiver: AccountData | null = null;
  if (recipient !== undefined) {
    if (hasCode(recipient)) return null;
    if (tx.value === 0n && recipient.nonce === 0n && recipient.balance === 0n) return null;
    if (tx.value > 0n) receiver = { ...recipient, balance: recipient.balance + tx.value };
  } else {
    if (tx.value === 0n) return null;
    receiver = { ...createEmptyAccount(), balance: tx.value };
  }
  const paid = { ...sender, nonce: sender.nonce + 1n, balance: sender.balance - tx.value - TRANSFER_GAS * gasPrice };
  const execution: TxExecution = {
    gasUsed: TRANSFER_GAS,
    effectiveGasPrice: gasPrice,
    status: 1,
    logs: [],
    returnData: new Uint8Array(),
    minerValue,
  };
  return { sender: paid, recipient: receiver, execution };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
