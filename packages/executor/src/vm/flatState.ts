// An ethereumjs state manager over flat maps with a journal: one block's overlay of a state root.
import type { AccountFields, StateManagerInterface } from "@ethereumjs/common";
import { Account, type Address } from "@ethereumjs/util";
import type { KeccakFn } from "../crypto/keccak.js";
import type { AccountData } from "../state/account.js";
import { EMPTY_CODE_HASH, stripZeros } from "../state/account.js";
import { bytesToHexFast, equalBytes } from "../state/bytes.js";
import type { StateChanges } from "../state/stateChanges.js";

/** Where a `FlatStateManager` reads what it has not written itself. */
export interface StateSource {
  getAccount(addrHex: string, address: Uint8Array): Promise<AccountData | undefined>;
  /** Value with leading zeros stripped (empty = zero). */
  getStorage(addrHex: string, address: Uint8Array, slotHex: string, slot: Uint8Array): Promise<Uint8Array>;
  getCode(codeHash: Uint8Array): Promise<Uint8Array>;
}

type Undo = () => void;

function toAccount(data: AccountData): Account {
  return new Account(data.nonce, data.balance, data.storageRoot, data.codeHash);
}

/**
 * An ethereumjs state manager over flat maps: writes stay in an overlay with a journal for
 * checkpoints; reads fall through to a `StateSource` (a state root, or the parallel executor's
 * versioned view). No trie is touched while transactions run; the overlay becomes a
 * `StateChanges` that the state store hashes once per block.
 */
export class FlatStateManager implements StateManagerInterface {
  source: StateSource;
  accounts = new Map<string, AccountData | null>();
  storage = new Map<string, Map<string, Uint8Array>>();
  cleared = new Set<string>();
  code = new Map<string, Uint8Array>();
  private journal: Undo[] = [];
  private checkpoints: number[] = [];
  private original = new Map<string, Uint8Array>();
  readonly keccak: KeccakFn;
  /** Called before the first read of an address in delta mode (see the parallel executor). */
  hooks: { onAccountRead?: (addrHex: string) => void } = {};
  /**
   * When set, every account and storage slot the VM asks about (read, write, code, existence) is
   * added, in first-touch order: `0x<address>` for an account, `0x<address>/0x<slot>` for a slot
   * (lower-case hex, `TransactionAccess`'s shapes). Null, the default, costs one comparison per
   * call. The transaction kernel switches it on for the transactions it reports or checks.
   */
  touched: Set<string> | null = null;

  readonly originalStorageCache = {
    get: async (address: Address, key: Uint8Array): Promise<Uint8Array> => {
      const k = bytesToHexFast(address.bytes) + bytesToHexFast(key);
      return this.original.get(k) ?? this.getStorage(address, key);
    },
    clear: (): void => {
      this.original.clear();
    },
  };

  constructor(source: StateSource, keccak: KeccakFn) {
    this.source = source;
    this.keccak = keccak;
  }

  /** Starts over on another source with an empty overlay. */
  reset(source: StateSource): void {
    this.source = source;
    this.accounts = new Map();
    this.storage = new Map();
    this.cleared = new Set();
    this.code = new Map();
    this.journal = [];
    this.checkpoints = [];
    this.original.clear();
  }

  /** The overlay as state changes (shares the maps: reset before reusing the manager). */
  toChanges(): StateChanges {
    return { accounts: this.accounts, storage: this.storage, cleared: this.cleared, code: this.code };
  }

  async readAccountData(addrHex: string, address: Uint8Array): Promise<AccountData | undefined> {
    const own = this.accounts.get(addrHex);
    if (own !== undefined) return own ?? undefined;
    return this.source.getAccount(addrHex, address);
  }

  async getAccount(address: Address): Promise<Account | undefined> {
    const addrHex = bytesToHexFast(address.bytes);
    if (this.touched !== null) this.touched.add(`0x${addrHex}`);
    const data = await this.readAccountData(addrHex, address.bytes);
    return data === undefined ? undefined : toAccount(data);
  }

  private setAccount(addrHex: string, value: AccountData | null): void {
    const had = this.accounts.has(addrHex);
    const prev = this.accounts.get(addrHex);
    this.journal.push(() => {
      if (had) this.accounts.set(addrHex, prev!);
      else this.accounts.delete(addrHex);
    });
    this.accounts.set(addrHex, value);
  }

  async putAccount(address: Address, account?: Account): Promise<void> {
    if (account === undefined) return this.deleteAccount(address);
    const addrHex = bytesToHexFast(address.bytes);
    if (this.touched !== null) this.touched.add(`0x${addrHex}`);
    this.setAccount(addrHex, {
      nonce: account.nonce,
      balance: account.balance,
      storageRoot: account.storageRoot,
      codeHash: account.codeHash,
    });
  }

  async deleteAccount(address: Address): Promise<void> {
    const addrHex = bytesToHexFast(address.bytes);
    if (this.touched !== null) this.touched.add(`0x${addrHex}`);
    this.setAccount(addrHex, null);
    this.wipeStorage(addrHex);
  }

  async modifyAccountFields(address: Address, fields: AccountFields): Promise<void> {
    const account = (await this.getAccount(address)) ?? new Account();
    account.nonce = fields.nonce ?? account.nonce;
    account.balance = fields.balance ?? account.balance;
    account.storageRoot = fields.storageRoot ?? account.storageRoot;
    account.codeHash = fields.codeHash ?? account.codeHash;
    await this.putAccount(address, account);
  }

  async putCode(address: Address, value: Uint8Array): Promise<void> {
    const codeHash = this.keccak(value);
    const hashHex = bytesToHexFast(codeHash);
    if (!this.code.has(hashHex)) {
      this.code.set(hashHex, value);
      this.journal.push(() => this.code.delete(hashHex));
    }
    const account = (await this.getAccount(address)) ?? new Account();
    account.codeHash = codeHash;
    await this.putAccount(address, account);
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const addrHex = bytesToHexFast(address.bytes);
    if (this.touched !== null) this.touched.add(`0x${addrHex}`);
    const data = await this.readAccountData(addrHex, address.bytes);
    if (data === undefined || equalBytes(data.codeHash, EMPTY_CODE_HASH)) return new Uint8Array();
    return this.code.get(bytesToHexFast(data.codeHash)) ?? this.source.getCode(data.codeHash);
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.getCode(address)).length;
  }

  async readStorage(addrHex: string, address: Uint8Array, slotHex: string, slot: Uint8Array): Promise<Uint8Array> {
    const own = this.storage.get(addrHex)?.get(slotHex);
    if (own !== undefined) return own;
    if (this.cleared.has(addrHex)) return new Uint8Array();
    return this.source.getStorage(addrHex, address, slotHex, slot);
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    if (key.length !== 32) throw new Error("Storage key must be 32 bytes long");
    const addrHex = bytesToHexFast(address.bytes);
    const slotHex = bytesToHexFast(key);
    if (this.touched !== null) this.touched.add(`0x${addrHex}/0x${slotHex}`);
    return this.readStorage(addrHex, address.bytes, slotHex, key);
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    if (key.length !== 32) throw new Error("Storage key must be 32 bytes long");
    const addrHex = bytesToHexFast(address.bytes);
    const slotHex = bytesToHexFast(key);
    if (this.touched !== null) this.touched.add(`0x${addrHex}/0x${slotHex}`);
    const originalKey = addrHex + slotHex;
    if (!this.original.has(originalKey)) this.original.set(originalKey, await this.readStorage(addrHex, address.bytes, slotHex, key));
    let slots = this.storage.get(addrHex);
    if (slots === undefined) {
      slots = new Map();
      this.storage.set(addrHex, slots);
      const created = slots;
      this.journal.push(() => {
        if (this.storage.get(addrHex) === created) this.storage.delete(addrHex);
      });
    }
    const target = slots;
    const had = target.has(slotHex);
    const prev = target.get(slotHex);
    this.journal.push(() => {
      if (had) target.set(slotHex, prev!);
      else target.delete(slotHex);
    });
    target.set(slotHex, stripZeros(value).slice());
  }

  private wipeStorage(addrHex: string): void {
    const wasCleared = this.cleared.has(addrHex);
    const prevSlots = this.storage.get(addrHex);
    this.journal.push(() => {
      if (!wasCleared) this.cleared.delete(addrHex);
      if (prevSlots !== undefined) this.storage.set(addrHex, prevSlots);
      else this.storage.delete(addrHex);
    });
    this.cleared.add(addrHex);
    this.storage.delete(addrHex);
  }

  async clearStorage(address: Address): Promise<void> {
    const addrHex = bytesToHexFast(address.bytes);
    // A wipe (creation, self-destruct of a new contract) counts as touching the account.
    if (this.touched !== null) this.touched.add(`0x${addrHex}`);
    this.wipeStorage(addrHex);
  }

  async checkpoint(): Promise<void> {
    this.checkpoints.push(this.journal.length);
  }

  async commit(): Promise<void> {
    this.checkpoints.pop();
    if (this.checkpoints.length === 0) this.journal = [];
  }

  async revert(): Promise<void> {
    const to = this.checkpoints.pop() ?? 0;
    while (this.journal.length > to) this.journal.pop()!();
  }

  async getStateRoot(): Promise<Uint8Array> {
    throw new Error("FlatStateManager has no state root while a block runs");
  }

  async setStateRoot(): Promise<void> {
    throw new Error("FlatStateManager cannot switch state roots");
  }

  async hasStateRoot(): Promise<boolean> {
    return false;
  }

  clearCaches(): void {}

  shallowCopy(): StateManagerInterface {
    throw new Error("FlatStateManager cannot be copied");
  }
}
