// Access sets: what a transaction is expected to touch (declared, predicted, learned) and when two conflict.
import { PARALLEL_TRANSACTION_TYPE, toHex } from "@eigenchain/chain";
import { generateAddress } from "@ethereumjs/util";
import type { TxTag } from "./tags.js";

/**
 * What a transaction is expected to touch, at two granularities. Two access sets conflict when one
 * touches a whole account the other touches at all, or both touch the same storage location
 * (`accessSetsConflict`). Block fees credited to the beneficiary are not part of any set: the
 * executor accumulates them as deltas.
 */
export interface AccessSet {
  /** Whole accounts (balance, nonce, code and all storage), 0x lower-case addresses, sorted. */
  accounts: string[];
  /**
   * Single storage locations `address/key`, sorted. `key` is a 0x slot from an access list or an
   * execution report, or a symbolic location predicted from a call shape (`erc20.balance:0x…`).
   */
  slots: string[];
  /** Runs alone in its batch (a `SEQUENTIAL` tag, or an EIP-7702 transaction that rewrites code). */
  isolated: boolean;
  /** From a type 0x05 transaction: the declared list is binding, nothing else is added. */
  binding: boolean;
  sources: { declared: boolean; predicted: boolean; learned: boolean };
  /** The learned entry's version this set was derived with (re-derived when it changes). */
  learnedVersion: number;
  /** One line saying how the set was derived, for `parallel_analyzeTransaction`. */
  reason: string;
}

export interface AccessSetInput {
  txType: number;
  /** 0x lower-case. */
  sender: string;
  senderBytes: Uint8Array;
  /** 0x lower-case, undefined for contract creation. */
  to: string | undefined;
  nonce: bigint;
  value: bigint;
  data: Uint8Array;
  /** EIP-2930 access list as ethereumjs holds it: [address, storageKeys[]][] in bytes. */
  accessList: readonly (readonly [Uint8Array, readonly Uint8Array[]])[];
  tag: TxTag;
}

const SET_CODE_TX_TYPE = 4;

/** ERC-20 selectors whose storage footprint is predictable from the arguments. */
const SELECTOR_TRANSFER = "0xa9059cbb";
const SELECTOR_TRANSFER_FROM = "0x23b872dd";
const SELECTOR_APPROVE = "0x095ea7b3";

export function getSelector(data: Uint8Array): string | undefined {
  return data.length >= 4 ? toHex(data.subarray(0, 4)) : undefined;
}

/** The 20-byte address in ABI word `index` (after the selector), or undefined if it is not one. */
function abiAddress(data: Uint8Array, index: number): string | undefined {
  const start = 4 + index * 32;
  if (data.length < start + 32) return undefined;
  for (let i = start; i < start + 12; i++) if (data[i] !== 0) return undefined;
  return toHex(data.subarray(start + 12, start + 32));
}

/** Keys of a learned entry: what earlier executions of one contract and selector touched. */
export interface LearnedEntry {
  observations: number;
  version: number;
  /** Other accounts touched, with how many observations touched each. */
  accounts: Map<string, number>;
  /** Storage locations `address/slot`, with counts. */
  slots: Map<string, number>;
}

/** What the executor reports after running a call: the contract, the selector and what it touched. */
export interface ExecutionAccessReport {
  /** 0x address of the called contract. */
  contract: string;
  /** 0x 4-byte selector. */
  selector: string;
  /** Accounts read or written (0x addresses). */
  accounts: readonly string[];
  /** Storage locations read or written, `address/slot` with 0x 32-byte slots. */
  slots: readonly string[];
}

/** Bounds memory: distinct (contract, selector) entries kept, oldest forgotten first. */
const MAX_LEARNED_ENTRIES = 4096;
/** Keys kept per entry; a call touching more is summarised by its accounts only. */
const MAX_KEYS_PER_ENTRY = 256;

/**
 * Access learned from execution reports. An entry is trusted once it has two observations: keys
 * seen in at least half of them are the call's stable footprint (counters, reserves, other
 * contracts); keys seen once are argument-specific (mapping entries) and are left to the executor.
 */
export class LearnedAccess {
  private readonly entries = new Map<string, LearnedEntry>();
  private nextVersion = 1;

  static key(contract: string, selector: string): string {
    return `${contract.toLowerCase()}:${selector.toLowerCase()}`;
  }

  record(report: ExecutionAccessReport): void {
    const key = LearnedAccess.key(report.contract, report.selector);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      if (this.entries.size >= MAX_LEARNED_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      entry = { observations: 0, version: 0, accounts: new Map(), slots: new Map() };
      this.entries.set(key, entry);
    }
    entry.observations++;
    entry.version = this.nextVersion++;
    const contract = report.contract.toLowerCase();
    for (const a of report.accounts) {
      const address = a.toLowerCase();
      if (address === contract) continue;
      if (entry.accounts.has(address) || entry.accounts.size < MAX_KEYS_PER_ENTRY) {
        entry.accounts.set(address, (entry.accounts.get(address) ?? 0) + 1);
      }
    }
    for (const s of report.slots) {
      const slot = s.toLowerCase();
      if (entry.slots.has(slot) || entry.slots.size < MAX_KEYS_PER_ENTRY) entry.slots.set(slot, (entry.slots.get(slot) ?? 0) + 1);
    }
  }

  get(contract: string, selector: string): LearnedEntry | undefined {
    return this.entries.get(LearnedAccess.key(contract, selector));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Observations needed before a learned entry replaces the conservative whole-contract guess. */
const LEARNED_MIN_OBSERVATIONS = 2;

class KeySet {
  readonly accounts = new Set<string>();
  readonly slots = new Set<string>();
  addAccount(address: string): void {
    this.accounts.add(address);
  }
  addSlot(address: string, key: string): void {
    this.slots.add(`${address}/${key}`);
  }
}

function addDeclared(keys: KeySet, accessList: AccessSetInput["accessList"]): void {
  for (const [addressBytes, storageKeys] of accessList) {
    const address = toHex(addressBytes);
    if (storageKeys.length === 0) keys.addAccount(address);
    for (const k of storageKeys) keys.addSlot(address, toHex(k));
  }
}

/**
 * Derives a transaction's access set: declared (its access list; binding for type 0x05),
 * predicted (sender, recipient, ERC-20 `transfer`/`transferFrom`/`approve`), and learned (earlier
 * executions of the same contract and selector).
 */
export function deriveAccessSet(input: AccessSetInput, learned?: LearnedAccess): AccessSet {
  const keys = new KeySet();
  const sources = { declared: input.accessList.length > 0, predicted: false, learned: false };
  let learnedVersion = 0;
  let reason: string;
  // The sender's nonce and balance change in every transaction.
  keys.addAccount(input.sender);
  const isolated = input.tag === "sequential" || input.txType === SET_CODE_TX_TYPE;
  if (input.txType === PARALLEL_TRANSACTION_TYPE) {
    addDeclared(keys, input.accessList);
    if (input.to !== undefined && input.value > 0n) keys.addAccount(input.to);
    reason = "binding access list (type 0x05)";
  } else {
    addDeclared(keys, input.accessList);
    sources.predicted = true;
    if (input.to === undefined) {
      keys.addAccount(toHex(generateAddress(input.senderBytes, bigintBytes(input.nonce))));
      reason = "contract creation: sender and new contract";
    } else {
      const to = input.to;
      if (input.value > 0n) keys.addAccount(to);
      const selector = getSelector(input.data);
      const recipient = abiAddress(input.data, 0);
      if (input.data.length === 0) {
        keys.addAccount(to);
        reason = "plain transfer: sender and recipient";
      } else if (selector === SELECTOR_TRANSFER && input.data.length === 68 && recipient !== undefined) {
        keys.addSlot(to, `erc20.balance:${input.sender}`);
        keys.addSlot(to, `erc20.balance:${recipient}`);
        reason = "ERC-20 transfer: balances of sender and recipient";
      } else if (
        selector === SELECTOR_TRANSFER_FROM &&
        input.data.length === 100 &&
        recipient !== undefined &&
        abiAddress(input.data, 1) !== undefined
      ) {
        const dst = abiAddress(input.data, 1) as string;
        keys.addSlot(to, `erc20.balance:${recipient}`);
        keys.addSlot(to, `erc20.balance:${dst}`);
        keys.addSlot(to, `erc20.allowance:${recipient}:${input.sender}`);
        reason = "ERC-20 transferFrom: balances of owner and recipient, allowance";
      } else if (selector === SELECTOR_APPROVE && input.data.length === 68 && recipient !== undefined) {
        keys.addSlot(to, `erc20.allowance:${input.sender}:${recipient}`);
        reason = "ERC-20 approve: one allowance";
      } else {
        const entry = selector === undefined || learned === undefined ? undefined : learned.get(to, selector);
        if (entry !== undefined && entry.observations >= LEARNED_MIN_OBSERVATIONS) {
          const threshold = Math.max(LEARNED_MIN_OBSERVATIONS, Math.ceil(entry.observations / 2));
          for (const [address, count] of entry.accounts) if (count >= threshold) keys.addAccount(address);
          for (const [slot, count] of entry.slots) {
            if (count < threshold) continue;
            const sep = slot.indexOf("/");
            keys.addSlot(slot.slice(0, sep), slot.slice(sep + 1));
          }
          sources.learned = true;
          learnedVersion = entry.version;
          reason = `learned from ${entry.observations} executions of ${selector}`;
        } else {
          keys.addAccount(to);
          learnedVersion = entry?.version ?? 0;
          reason = "unknown call: the whole contract";
        }
      }
    }
    if (sources.declared) reason += ", plus the declared access list";
  }
  if (input.tag === "sequential") reason = "tagged SEQUENTIAL: isolated";
  else if (input.txType === SET_CODE_TX_TYPE) reason = "EIP-7702 authorizations rewrite code: isolated";
  return {
    accounts: [...keys.accounts].sort(),
    slots: [...keys.slots].sort(),
    isolated,
    binding: input.txType === PARALLEL_TRANSACTION_TYPE,
    sources,
    learnedVersion,
    reason,
  };
}

function bigintBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function slotOwner(slot: string): string {
  return slot.slice(0, slot.indexOf("/"));
}

/**
 * Whether two access sets intersect: a shared whole account, a whole account of one that owns a
 * slot of the other, or a shared slot. Isolation is not a conflict; the batch builder handles it.
 */
export function accessSetsConflict(a: AccessSet, b: AccessSet): boolean {
  const accountsB = new Set(b.accounts);
  for (const x of a.accounts) if (accountsB.has(x)) return true;
  const accountsA = new Set(a.accounts);
  const slotsA = new Set(a.slots);
  for (const s of b.slots) if (slotsA.has(s) || accountsA.has(slotOwner(s))) return true;
  for (const s of a.slots) if (accountsB.has(slotOwner(s))) return true;
  return false;
}

export { slotOwner };
