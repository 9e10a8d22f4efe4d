// A plain value transfer worked out without the EVM: the parallel kernel's fast path for the most common transaction.
import type { TypedTransaction } from "@eigenchain/chain";
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
  coinbaseHex: string;
}

export interface PlainTransfer {
  senderHex: string;
  recipientHex: string;
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
  tx: TypedTransaction,
  senderHex: string,
  coinbaseHex: string,
  precompiles: ReadonlyMap<string, unknown>,
): PlainTransfer | null {
  if (tx.type > 2 || tx.to === undefined || tx.data.length !== 0) return null;
  if ("accessList" in tx && tx.accessList.length !== 0) return null;
  const recipientHex = bytesToHexFast(tx.to.bytes);
  if (recipientHex === senderHex || recipientHex === coinbaseHex || senderHex === coinbaseHex) return null;
  if (precompiles.has(recipientHex)) return null;
  return { senderHex, recipientHex };
}

/**
 * The sender's half of the checks (nonce, no code, funds, gas and fee cap): runTx refuses a transaction
 * that fails one before it reads the recipient, so the caller reads the recipient only after this
 * (an extra read would count as a dependency on whoever wrote it).
 */
export function canSendPlainTransfer(tx: TypedTransaction, sender: AccountData, env: PlainTransferEnv): boolean {
  if (hasCode(sender) || sender.nonce !== tx.nonce || sender.nonce >= MAX_NONCE) return false;
  if (tx.gasLimit < TRANSFER_GAS || tx.gasLimit > env.blockGasLimit) return false;
  const feeCap = getFeeCap(tx);
  return feeCap >= env.baseFee && sender.balance >= tx.value + tx.gasLimit * feeCap;
}

function getFeeCap(tx: TypedTransaction): bigint {
  return "maxFeePerGas" in tx ? tx.maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
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
  tx: TypedTransaction,
  sender: AccountData | undefined,
  recipient: AccountData | undefined,
  env: PlainTransferEnv,
): PlainTransferOutcome | null {
  if (sender === undefined || !canSendPlainTransfer(tx, sender, env)) return null;
  const feeCap = getFeeCap(tx);
  const tip = "maxPriorityFeePerGas" in tx ? min(tx.maxPriorityFeePerGas, feeCap - env.baseFee) : feeCap - env.baseFee;
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
