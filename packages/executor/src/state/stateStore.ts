// The state store: Merkle-Patricia state over LevelDB, genesis, reads by root, applying a block's changes.
import type { Common, Genesis } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import type { KeccakFn } from "../crypto/keccak.js";
import { keccak as defaultKeccak } from "../crypto/keccak.js";
import { executorError } from "../errors.js";
import type { StateStore, StateView, StateWrite } from "../interface.js";
import type { AccountData } from "./account.js";
import { decodeAccount, EMPTY_CODE_HASH, stripZeros } from "./account.js";
import type { AccountChange, SubtrieHasher } from "./accountLeaf.js";
import { computeAccountLeaves, listAccountChanges } from "./accountLeaf.js";
import { bytesToHexFast, equalBytes, hexToBytesFast } from "./bytes.js";
import type { StateChanges } from "./stateChanges.js";
import { createEmptyChanges } from "./stateChanges.js";
import type { NodeLoader, TrieNode } from "./trie.js";
import { decodeNode, EMPTY_TRIE_ROOT, encodeBranch, encodeChildRef, trieCommit, trieGet, trieUpdate } from "./trie.js";

/** The part of a LevelDB (sub)level the state store reads: the node opens it with view/view encodings. */
export interface StateDatabase {
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
}

/** What the executors need beyond the node's `StateStore`. */
export interface TrieStateStore extends StateStore {
  readonly keccak: KeccakFn;
  getAccount(stateRoot: Uint8Array, address: Uint8Array): Promise<AccountData | undefined>;
  /** Value with leading zeros stripped (empty when unset). */
  getStorage(storageRoot: Uint8Array, slot: Uint8Array): Promise<Uint8Array>;
  getCodeByHash(codeHash: Uint8Array): Promise<Uint8Array>;
  /** A trie node's encoding or a code blob by its keccak hash (memory, then disk); for worker caches. */
  getBlob(hash: Uint8Array): Promise<Uint8Array | undefined>;
  /** A decoded trie node by hash (for walking two states side by side, see verifyBlock). */
  loadNode(hash: Uint8Array): Promise<TrieNode>;
  /** Applies `changes` on top of `parentRoot` in memory; returns the new root. Nothing goes to disk. */
  applyChanges(parentRoot: Uint8Array, changes: StateChanges): Promise<Uint8Array>;
  /** The same, with the account trie's top-level subtries hashed by `hashSubtries` (e.g. on worker threads). */
  applyChangesBySubtrie(parentRoot: Uint8Array, changes: StateChanges, hashSubtries: SubtrieHasher): Promise<Uint8Array>;
  /** Whether the root's nodes can be read (in memory or on disk). */
  hasStateRoot(stateRoot: Uint8Array): Promise<boolean>;
}

export function isTrieStateStore(store: StateStore): store is TrieStateStore {
  return typeof (store as Partial<TrieStateStore>).applyChanges === "function";
}

interface PendingRoot {
  parent: string | null;
  nodes: Map<string, Uint8Array>;
}

/**
 * Bound on decoded trie nodes kept in memory (~1 KB each, so ~200 MB at worst): enough for the
 * upper levels of a multi-million-account trie plus a few blocks of touched paths.
 */
const DECODED_CACHE_LIMIT = 200_000;
/** Committed node encodings kept for the next blocks (a few hundred bytes each: tens of MB at most). */
const COMMITTED_CACHE_LIMIT = 100_000;

export interface StateStoreOpts {
  db: StateDatabase;
  /** Keccak implementation (native by default, noble as fallback); for benchmarks and tests. */
  keccak?: KeccakFn;
}

export interface StateStoreModules {
  common: Common;
}

class TrieStateStoreImpl implements TrieStateStore, NodeLoader {
  readonly keccak: KeccakFn;
  private readonly db: StateDatabase;
  /** Not-yet-durable nodes of every pending root (hash hex → encoding). */
  private memNodes = new Map<string, Uint8Array>();
  private readonly pending = new Map<string, PendingRoot>();
  private decoded = new Map<string, TrieNode>();
  /**
   * Encodings of recently committed nodes (and code): the next blocks read the same accounts, and a
   * database read is an event-loop round trip that waits behind every queued RPC request.
   */
  private committedNodes = new Map<string, Uint8Array>();
  private closed = false;

  constructor(opts: StateStoreOpts) {
    this.db = opts.db;
    this.keccak = opts.keccak ?? defaultKeccak;
  }

  async loadNode(hash: Uint8Array): Promise<TrieNode> {
    const hex = bytesToHexFast(hash);
    const cached = this.decoded.get(hex);
    if (cached !== undefined) return cached;
    const enc = this.getHeld(hex) ?? (await this.db.get(hash));
    if (enc === undefined) {
      throw executorError({ code: "EXECUTOR_MISSING_TRIE_NODE", hash: hex }, `missing trie node ${hex} (unknown or pruned state)`);
    }
    const node = decodeNode(enc, hash);
    this.remember(hex, node);
    return node;
  }

  private remember(hex: string, node: TrieNode): void {
    if (this.decoded.size >= DECODED_CACHE_LIMIT) this.decoded = new Map();
    this.decoded.set(hex, node);
  }

  async getAccount(stateRoot: Uint8Array, address: Uint8Array): Promise<AccountData | undefined> {
    const value = await trieGet(stateRoot, bytesToHexFast(this.keccak(address)), this);
    return value === undefined ? undefined : decodeAccount(value);
  }

  async getStorage(storageRoot: Uint8Array, slot: Uint8Array): Promise<Uint8Array> {
    const value = await trieGet(storageRoot, bytesToHexFast(this.keccak(slot)), this);
    return value === undefined ? new Uint8Array() : (RLP.decode(value) as Uint8Array);
  }

  async getCodeByHash(codeHash: Uint8Array): Promise<Uint8Array> {
    if (equalBytes(codeHash, EMPTY_CODE_HASH)) return new Uint8Array();
    const hex = bytesToHexFast(codeHash);
    const code = this.getHeld(hex) ?? (await this.db.get(codeHash));
    if (code === undefined) throw executorError({ code: "EXECUTOR_MISSING_TRIE_NODE", hash: hex }, `missing code ${hex}`);
    return code;
  }

  async getBlob(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const hex = bytesToHexFast(hash);
    return this.getHeld(hex) ?? (await this.db.get(hash));
  }

  /**
   * A node or code this store holds in memory: not yet written, or recently committed. Synchronous,
   * so a hit costs the trie walk no await.
   */
  private getHeld(hex: string): Uint8Array | undefined {
    return this.memNodes.get(hex) ?? this.committedNodes.get(hex);
  }

  async hasStateRoot(stateRoot: Uint8Array): Promise<boolean> {
    if (equalBytes(stateRoot, EMPTY_TRIE_ROOT)) return true;
    try {
      await this.loadNode(stateRoot);
      return true;
    } catch {
      return false;
    }
  }

  async applyChanges(parentRoot: Uint8Array, changes: StateChanges): Promise<Uint8Array> {
    const nodes = new Map<string, Uint8Array>();
    const store = (hash: Uint8Array, enc: Uint8Array): void => {
      nodes.set(bytesToHexFast(hash), enc);
    };
    for (const [hex, code] of changes.code) store(hexToBytesFast(hex), code);

    const { keys, values } = await computeAccountLeaves(listAccountChanges(changes, this.keccak), parentRoot, this, this.keccak, store);
    const root = await trieUpdate(parentRoot, keys, values, this);
    const rootHash = trieCommit(root, this.keccak, store);
    this.registerPending(parentRoot, rootHash, nodes);
    return rootHash;
  }

  /**
   * `applyChanges` with the account trie's 16 top-level subtries updated and hashed by `hashSubtries`
   * (the parallel executor's workers) while this thread only hashes the root branch. Gives the same
   * root as `applyChanges`, which it falls back to when the parent's root node is not a branch or
   * the update would leave that branch with fewer than two children (the root's shape changes).
   */
  async applyChangesBySubtrie(parentRoot: Uint8Array, changes: StateChanges, hashSubtries: SubtrieHasher): Promise<Uint8Array> {
    const rootNode = equalBytes(parentRoot, EMPTY_TRIE_ROOT) ? null : await this.loadNode(parentRoot);
    if (rootNode === null || rootNode.kind !== 2) return this.applyChanges(parentRoot, changes);
    const byNibble: AccountChange[][] = Array.from({ length: 16 }, () => []);
    for (const change of listAccountChanges(changes, this.keccak)) byNibble[parseInt(change.key[0]!, 16)]!.push(change);
    const results = await hashSubtries(parentRoot, byNibble);
    const refs = rootNode.children.map((child) => encodeChildRef(child, this.keccak, () => {}));
    const nodes = new Map<string, Uint8Array>();
    for (const [hex, code] of changes.code) nodes.set(hex, code);
    for (const result of results) {
      for (const [nibble, ref] of result.children) refs[nibble] = ref;
      for (const [hex, enc] of result.nodes) nodes.set(hex, enc);
    }
    if (refs.filter((r) => !(r.length === 1 && r[0] === 0x80)).length < 2) return this.applyChanges(parentRoot, changes);
    const enc = encodeBranch(refs);
    const rootHash = this.keccak(enc);
    nodes.set(bytesToHexFast(rootHash), enc);
    this.registerPending(parentRoot, rootHash, nodes);
    return rootHash;
  }

  /** Records the not-yet-durable nodes of a new root (on top of its parent's pending ones). */
  private registerPending(parentRoot: Uint8Array, rootHash: Uint8Array, nodes: Map<string, Uint8Array>): void {
    const rootHex = bytesToHexFast(rootHash);
    const parentHex = bytesToHexFast(parentRoot);
    if (rootHex !== parentHex) {
      const existing = this.pending.get(rootHex);
      if (existing !== undefined) {
        for (const [k, v] of nodes) existing.nodes.set(k, v);
      } else {
        this.pending.set(rootHex, { parent: parentHex, nodes });
      }
      for (const [k, v] of nodes) this.memNodes.set(k, v);
    }
  }

  async buildGenesis(genesis: Genesis): Promise<Uint8Array> {
    const changes = createEmptyChanges();
    for (const [addrWith0x, account] of genesis.alloc) {
      const addrHex = addrWith0x.slice(2).toLowerCase();
      let codeHash: Uint8Array = EMPTY_CODE_HASH;
      if (account.code.length > 0) {
        codeHash = this.keccak(account.code);
        changes.code.set(bytesToHexFast(codeHash), account.code);
      }
      changes.accounts.set(addrHex, { nonce: account.nonce, balance: account.balance, storageRoot: EMPTY_TRIE_ROOT, codeHash });
      if (account.storage.size > 0) {
        const slots = new Map<string, Uint8Array>();
        for (const [slotHex, value] of account.storage) slots.set(slotHex.slice(2).toLowerCase(), stripZeros(value));
        changes.storage.set(addrHex, slots);
        changes.cleared.add(addrHex);
      }
    }
    return this.applyChanges(EMPTY_TRIE_ROOT, changes);
  }

  view(stateRoot: Uint8Array): StateView {
    return createStateView(this, stateRoot);
  }

  pendingWrites(stateRoot: Uint8Array): StateWrite[] {
    const seen = new Map<string, Uint8Array>();
    let at: string | null = bytesToHexFast(stateRoot);
    while (at !== null) {
      const record = this.pending.get(at);
      if (record === undefined) break;
      for (const [k, v] of record.nodes) if (!seen.has(k)) seen.set(k, v);
      at = record.parent;
    }
    return [...seen].map(([k, v]) => ({ key: hexToBytesFast(k), value: v }));
  }

  onCommitted(stateRoot: Uint8Array): void {
    const rootHex = bytesToHexFast(stateRoot);
    const chain = new Set<string>();
    let at: string | null = rootHex;
    while (at !== null && this.pending.has(at)) {
      chain.add(at);
      at = this.pending.get(at)!.parent;
    }
    for (const [hex, record] of [...this.pending]) {
      if (chain.has(hex)) {
        this.rememberCommitted(record.nodes);
        this.pending.delete(hex);
        continue;
      }
      // Keep roots built on top of the committed one; drop abandoned siblings.
      let parent: string | null = record.parent;
      let descends = false;
      while (parent !== null) {
        if (parent === rootHex) {
          descends = true;
          break;
        }
        parent = this.pending.get(parent)?.parent ?? null;
      }
      if (!descends) this.pending.delete(hex);
    }
    const mem = new Map<string, Uint8Array>();
    for (const record of this.pending.values()) for (const [k, v] of record.nodes) mem.set(k, v);
    this.memNodes = mem;
  }

  private rememberCommitted(nodes: Map<string, Uint8Array>): void {
    if (this.committedNodes.size + nodes.size > COMMITTED_CACHE_LIMIT) this.committedNodes = new Map();
    for (const [k, v] of nodes) this.committedNodes.set(k, v);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.clear();
    this.memNodes.clear();
    this.committedNodes.clear();
    this.decoded.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function createStateView(store: TrieStateStore, stateRoot: Uint8Array): StateView {
  return {
    stateRoot,
    async getAccount(address) {
      const account = await store.getAccount(stateRoot, address);
      return account === undefined ? undefined : { nonce: account.nonce, balance: account.balance, codeHash: account.codeHash };
    },
    async getCode(address) {
      const account = await store.getAccount(stateRoot, address);
      return account === undefined ? new Uint8Array() : store.getCodeByHash(account.codeHash);
    },
    async getStorageAt(address, slot) {
      const out = new Uint8Array(32);
      const account = await store.getAccount(stateRoot, address);
      if (account === undefined) return out;
      const padded = new Uint8Array(32);
      padded.set(slot.subarray(Math.max(0, slot.length - 32)), 32 - Math.min(32, slot.length));
      const value = await store.getStorage(account.storageRoot, padded);
      out.set(value, 32 - value.length);
      return out;
    },
  };
}

/**
 * The world state as a secure Merkle-Patricia trie over the node's LevelDB (`opts.db`). New trie
 * nodes stay in memory until the node writes `pendingWrites(root)` and calls `onCommitted(root)`.
 */
export async function createStateStore(opts: StateStoreOpts, _modules: StateStoreModules): Promise<TrieStateStore> {
  return new TrieStateStoreImpl(opts);
}
