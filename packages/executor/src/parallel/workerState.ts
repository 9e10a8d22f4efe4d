// A worker's read-only view of the parent state: trie walks over a cache of nodes fetched from the coordinator.
import { RLP } from "@ethereumjs/rlp";
import type { KeccakFn } from "../crypto/keccak.js";
import { decodeAccount, EMPTY_CODE_HASH } from "../state/account.js";
import { bytesToHexFast, equalBytes, hexToBytesFast } from "../state/bytes.js";
import type { NodeLoader, TrieNode } from "../state/trie.js";
import { decodeNode, trieGet } from "../state/trie.js";
import type { StateKey, StateValue } from "./types.js";

/**
 * Bound on trie nodes and code blobs a worker keeps (~1 KB each): the upper trie levels plus a few
 * blocks of touched paths. Nodes are content-addressed, so the cache never needs invalidating; it
 * is dropped whole when full (as the state store's decoded-node cache).
 */
const WORKER_NODE_CACHE_LIMIT = 200_000;

/** Fetches a trie node's encoding or a code blob by its keccak hash (the coordinator's store). */
export type BlobFetcher = (hash: Uint8Array) => Promise<Uint8Array | undefined>;

/**
 * A worker's read-only view of parent states: it walks the state trie itself over a cache of
 * decoded nodes that persists across blocks, so a read costs a round trip to the coordinator only
 * for a node this worker has never seen (a cold start, or paths the previous block rewrote); the
 * worker batches the misses of concurrent reads into one request (see worker.ts `prefetch`).
 */
export class WorkerStateReader implements NodeLoader {
  private nodes = new Map<string, TrieNode>();
  private code = new Map<string, Uint8Array>();
  /** Round trips made for missing nodes or code (for the profile). */
  misses = 0;

  constructor(
    private readonly keccak: KeccakFn,
    private readonly fetch: BlobFetcher,
  ) {}

  async loadNode(hash: Uint8Array): Promise<TrieNode> {
    const hex = bytesToHexFast(hash);
    const cached = this.nodes.get(hex);
    if (cached !== undefined) return cached;
    this.misses++;
    const enc = await this.fetch(hash);
    if (enc === undefined) throw new Error(`missing trie node ${hex}`);
    const node = decodeNode(enc, hash);
    if (this.nodes.size >= WORKER_NODE_CACHE_LIMIT) this.nodes = new Map();
    this.nodes.set(hex, node);
    return node;
  }

  private async getCode(hashHex: string): Promise<Uint8Array> {
    const hash = hexToBytesFast(hashHex);
    if (equalBytes(hash, EMPTY_CODE_HASH)) return new Uint8Array();
    const cached = this.code.get(hashHex);
    if (cached !== undefined) return cached;
    this.misses++;
    const code = await this.fetch(hash);
    if (code === undefined) throw new Error(`missing code ${hashHex}`);
    if (this.code.size >= WORKER_NODE_CACHE_LIMIT) this.code = new Map();
    this.code.set(hashHex, code);
    return code;
  }

  /**
   * A reader of one parent state, as the coordinator's `BaseReader` answers it: account (null when
   * absent), slot value (leading zeros stripped, empty when unset) or code by hash.
   */
  reader(stateRoot: Uint8Array): (key: StateKey) => Promise<StateValue | undefined> {
    const accounts = new Map<string, Promise<StateValue>>();
    const account = (addrHex: string): Promise<StateValue> => {
      let p = accounts.get(addrHex);
      if (p === undefined) {
        p = trieGet(stateRoot, bytesToHexFast(this.keccak(hexToBytesFast(addrHex))), this).then((v) =>
          v === undefined ? null : decodeAccount(v),
        );
        accounts.set(addrHex, p);
      }
      return p;
    };
    return async (key) => {
      const kind = key.charCodeAt(0);
      if (kind === 97 /* a */) return account(key.slice(1));
      if (kind === 115 /* s */) {
        const acc = (await account(key.slice(1, 41))) as { storageRoot: Uint8Array } | null;
        if (acc === null) return new Uint8Array();
        const value = await trieGet(acc.storageRoot, bytesToHexFast(this.keccak(hexToBytesFast(key.slice(41)))), this);
        return value === undefined ? new Uint8Array() : (RLP.decode(value) as Uint8Array);
      }
      if (kind === 107 /* k */) return this.getCode(key.slice(1));
      return undefined;
    };
  }
}
