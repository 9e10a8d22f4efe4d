// verifyBlock: re-executes a proposed block and compares it with its header, naming the first difference.
import type { Receipt, TypedTransaction } from "@eigenchain/chain";
import { EigenError } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import type { ExecutorErrorType } from "./errors.js";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, StateStore } from "./interface.js";
import { requireTrieStore } from "./runHelpers.js";
import { decodeAccount } from "./state/account.js";
import { bytesToHexFast, equalBytes } from "./state/bytes.js";
import { findFirstTrieDifference } from "./state/trieDiff.js";

/**
 * The header values a validator checks after re-executing a proposal. An ethereumjs `BlockHeader`
 * fits (its receipts root is `receiptTrie`), as does a plain object with `receiptsRoot`.
 */
export type ExpectedHeader = { stateRoot: Uint8Array; logsBloom: Uint8Array; gasUsed: bigint } & (
  | { receiptsRoot: Uint8Array }
  | { receiptTrie: Uint8Array }
);

export type VerifiedField = "stateRoot" | "receiptsRoot" | "logsBloom" | "gasUsed" | "transaction";

/** Where two executions (or the proposer's receipts and ours) first differ. */
export type FirstDifference =
  | { kind: "receipt"; index: number; field: "status" | "cumulativeGasUsed" | "logsBloom" | "logs" | "txType" | "missing" | "validity" }
  /** `address` when the hashed key's preimage is among the block's addresses, else only `addressHash`. */
  | { kind: "account"; addressHash: string; address?: string; field: "nonce" | "balance" | "codeHash" | "storageRoot" | "existence" }
  | { kind: "slot"; addressHash: string; address?: string; slotHash: string; slot?: string; expected: string; actual: string };

export interface BlockMismatch {
  field: VerifiedField;
  /** 0x-hex (roots, bloom), decimal (gas) or text (transaction validity). */
  expected: string;
  actual: string;
  /**
   * `bad-proposal`: our parallel execution equals the sequential reference, so the header is wrong.
   * `executor-mismatch`: parallel and sequential re-execution disagree (an executor bug; the
   * difference below is between them). `unknown`: no reference was run.
   */
  cause: "bad-proposal" | "executor-mismatch" | "unknown";
  firstDifference: FirstDifference | null;
  /** Every field that differs, `field` first. */
  fields: VerifiedField[];
}

export type VerifyBlockResult = { status: "valid"; result: BlockExecutionResult } | { status: "invalid"; mismatch: BlockMismatch };

export interface VerifyBlockModules {
  /** The executor that re-executes the proposal (the parallel one on a validator). */
  executor: BlockExecutor;
  /** The sequential reference, run only when the state or receipts root differs, to tell a bad proposal from an executor bug. */
  reference?: BlockExecutor | null;
  stateStore: StateStore;
}

export interface VerifyBlockOpts {
  /** The proposer's receipts, when the validator has them: a receipts-root mismatch then names the first differing receipt. */
  expectedReceipts?: readonly Receipt[];
}

const hex0x = (b: Uint8Array): string => `0x${bytesToHexFast(b)}`;

function headerReceiptsRoot(header: ExpectedHeader): Uint8Array {
  return "receiptsRoot" in header ? header.receiptsRoot : header.receiptTrie;
}

/** The first receipt (index, field) where `actual` differs from `expected`. */
function findFirstReceiptDifference(
  expected: readonly Receipt[],
  actual: readonly Receipt[],
): Extract<FirstDifference, { kind: "receipt" }> | null {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === undefined || a === undefined) return { kind: "receipt", index: i, field: "missing" };
    if (e.txType !== a.txType) return { kind: "receipt", index: i, field: "txType" };
    if (e.status !== a.status) return { kind: "receipt", index: i, field: "status" };
    if (e.cumulativeGasUsed !== a.cumulativeGasUsed) return { kind: "receipt", index: i, field: "cumulativeGasUsed" };
    if (!equalBytes(e.logsBloom, a.logsBloom)) return { kind: "receipt", index: i, field: "logsBloom" };
    if (
      !equalBytes(
        RLP.encode(e.logs.map((l) => [l.address, l.topics, l.data])),
        RLP.encode(a.logs.map((l) => [l.address, l.topics, l.data])),
      )
    ) {
      return { kind: "receipt", index: i, field: "logs" };
    }
  }
  return null;
}

/** Addresses and 32-byte words a block mentions: candidate preimages of hashed trie keys. */
function collectPreimages(env: BlockEnv, results: readonly BlockExecutionResult[], keccak: (b: Uint8Array) => Uint8Array) {
  const addresses = new Map<string, string>();
  const slots = new Map<string, string>();
  const addAddress = (a: Uint8Array): void => {
    addresses.set(bytesToHexFast(keccak(a)), hex0x(a));
    const word = new Uint8Array(32);
    word.set(a, 12);
    slots.set(bytesToHexFast(keccak(word)), hex0x(word));
  };
  addAddress(env.coinbase);
  for (const r of results) {
    for (const t of r.transactions) {
      addAddress(t.sender);
      if (t.tx.to !== undefined) addAddress(t.tx.to.bytes);
      if (t.contractAddress !== undefined) addAddress(t.contractAddress);
      for (const l of t.logs) addAddress(l.address);
      const data = t.tx.data;
      for (let at = 0; at + 32 <= data.length; at += 32)
        slots.set(bytesToHexFast(keccak(data.subarray(at, at + 32))), hex0x(data.subarray(at, at + 32)));
      for (let at = 4; at + 32 <= data.length; at += 32)
        slots.set(bytesToHexFast(keccak(data.subarray(at, at + 32))), hex0x(data.subarray(at, at + 32)));
    }
  }
  for (let i = 0; i < 16; i++) {
    const word = new Uint8Array(32);
    word[31] = i;
    slots.set(bytesToHexFast(keccak(word)), hex0x(word));
  }
  return { addresses, slots };
}

/** The first account or slot where two post-states differ. */
async function findFirstStateDifference(
  stateStore: StateStore,
  env: BlockEnv,
  expected: BlockExecutionResult,
  actual: BlockExecutionResult,
): Promise<FirstDifference | null> {
  const store = requireTrieStore(stateStore);
  const found = await findFirstTrieDifference(expected.stateRoot, actual.stateRoot, store);
  if (found === undefined) return null;
  const { addresses, slots } = collectPreimages(env, [expected, actual], store.keccak);
  const address = addresses.get(found.key);
  const where = { addressHash: `0x${found.key}`, ...(address !== undefined ? { address } : {}) };
  if (found.a === undefined || found.b === undefined) return { kind: "account", ...where, field: "existence" };
  const a = decodeAccount(found.a);
  const b = decodeAccount(found.b);
  if (a.nonce !== b.nonce) return { kind: "account", ...where, field: "nonce" };
  if (a.balance !== b.balance) return { kind: "account", ...where, field: "balance" };
  if (!equalBytes(a.codeHash, b.codeHash)) return { kind: "account", ...where, field: "codeHash" };
  const slotDiff = await findFirstTrieDifference(a.storageRoot, b.storageRoot, store);
  if (slotDiff === undefined) return { kind: "account", ...where, field: "storageRoot" };
  const value = (v: Uint8Array | undefined): string => (v === undefined ? "0x0" : hex0x(RLP.decode(v) as Uint8Array));
  const slot = slots.get(slotDiff.key);
  return {
    kind: "slot",
    ...where,
    slotHash: `0x${slotDiff.key}`,
    ...(slot !== undefined ? { slot } : {}),
    expected: value(slotDiff.a),
    actual: value(slotDiff.b),
  };
}

/**
 * Validator path: re-executes a proposed block (in parallel when `executor` is the parallel one)
 * and compares state root, receipts root, logs bloom and gas used with the header. A validator
 * has no expected post-state, so on a state- or receipts-root mismatch it re-executes with the
 * sequential `reference` (when given): if that agrees with our execution the proposal is bad;
 * if not, the first account/slot (or receipt) where parallel and sequential differ is reported.
 * An invalid transaction makes the block invalid (field `transaction`); other errors throw.
 */
export async function verifyBlock(
  modules: VerifyBlockModules,
  parentStateRoot: Uint8Array,
  env: BlockEnv,
  transactions: readonly TypedTransaction[],
  header: ExpectedHeader,
  opts: VerifyBlockOpts = {},
): Promise<VerifyBlockResult> {
  let result: BlockExecutionResult;
  try {
    result = await modules.executor.executeBlock(parentStateRoot, env, transactions);
  } catch (err) {
    if (err instanceof EigenError && (err.type as ExecutorErrorType).code === "EXECUTOR_INVALID_TRANSACTION") {
      const type = err.type as Extract<ExecutorErrorType, { code: "EXECUTOR_INVALID_TRANSACTION" }>;
      return {
        status: "invalid",
        mismatch: {
          field: "transaction",
          expected: "valid",
          actual: type.reason,
          cause: "bad-proposal",
          firstDifference: { kind: "receipt", index: type.index, field: "validity" },
          fields: ["transaction"],
        },
      };
    }
    throw err;
  }
  const checks: [VerifiedField, string, string][] = [
    ["stateRoot", hex0x(header.stateRoot), hex0x(result.stateRoot)],
    ["receiptsRoot", hex0x(headerReceiptsRoot(header)), hex0x(result.receiptsRoot)],
    ["logsBloom", hex0x(header.logsBloom), hex0x(result.logsBloom)],
    ["gasUsed", header.gasUsed.toString(), result.gasUsed.toString()],
  ];
  const failed = checks.filter(([, e, a]) => e !== a);
  if (failed.length === 0) return { status: "valid", result };
  const [field, expected, actual] = failed[0]!;
  const fields = failed.map(([f]) => f);
  const receipts = result.transactions.map((t) => t.receipt);
  let cause: BlockMismatch["cause"] = "unknown";
  let firstDifference: FirstDifference | null = null;
  if (fields.includes("receiptsRoot") && opts.expectedReceipts !== undefined) {
    firstDifference = findFirstReceiptDifference(opts.expectedReceipts, receipts);
  }
  if (modules.reference !== undefined && modules.reference !== null && modules.reference !== modules.executor) {
    const reference = await modules.reference.executeBlock(parentStateRoot, env, transactions);
    const agrees =
      equalBytes(reference.stateRoot, result.stateRoot) &&
      equalBytes(reference.receiptsRoot, result.receiptsRoot) &&
      reference.gasUsed === result.gasUsed &&
      equalBytes(reference.logsBloom, result.logsBloom);
    if (agrees) cause = "bad-proposal";
    else {
      cause = "executor-mismatch";
      const receiptDiff = findFirstReceiptDifference(
        reference.transactions.map((t) => t.receipt),
        receipts,
      );
      firstDifference =
        (field === "stateRoot" ? await findFirstStateDifference(modules.stateStore, env, reference, result) : null) ??
        receiptDiff ??
        firstDifference;
    }
  }
  return { status: "invalid", mismatch: { field, expected, actual, cause, firstDifference, fields } };
}
