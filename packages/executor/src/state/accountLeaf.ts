// A block's changes per account-trie leaf: listing them and updating the account trie (whole or by subtrie).
import { RLP } from "@ethereumjs/rlp";
import type { KeccakFn } from "../crypto/keccak.js";
import type { AccountData } from "./account.js";
import { decodeAccount, encodeAccount } from "./account.js";
import { bytesToHexFast, hexToBytesFast } from "./bytes.js";
import type { StateChanges } from "./stateChanges.js";
import type { NodeLoader } from "./trie.js";
import { EMPTY_TRIE_ROOT, encodeChildRef, trieCommit, trieGet, trieUpdate, trieUpdateAt } from "./trie.js";

/** One address's part of a block's `StateChanges`, with its account-trie key (keccak of the address, hex). */
export interface AccountChange {
  addrHex: string;
  key: string;
  /** Final account (null = deleted); undefined when only its storage changed. */
  account: AccountData | null | undefined;
  /** Slot hex → value with leading zeros stripped (empty = zero). */
  slots: [string, Uint8Array][];
  cleared: boolean;
}

/** Stores a new trie node (hash, encoding). */
export type NodeSink = (hash: Uint8Array, enc: Uint8Array) => void;

/**
 * Updates and hashes groups of the account trie's top-level subtries elsewhere: `byNibble[k]`
 * holds the changes whose key starts with nibble k. Each result names, per nibble it updated, the
 * encoded reference to the new subtrie (as the root branch embeds it) and the new nodes.
 */
export type SubtrieHasher = (parentRoot: Uint8Array, byNibble: AccountChange[][]) => Promise<SubtrieResult[]>;

export interface SubtrieResult {
  children: [number, Uint8Array][];
  nodes: [string, Uint8Array][];
}

/** Every address `changes` touches, in a stable order. */
export function listAccountChanges(changes: StateChanges, keccak: KeccakFn): AccountChange[] {
  const addresses = new Set<string>([...changes.accounts.keys(), ...changes.storage.keys(), ...changes.cleared]);
  const out: AccountChange[] = [];
  for (const addrHex of addresses) {
    const slots = changes.storage.get(addrHex);
    out.push({
      addrHex,
      key: bytesToHexFast(keccak(hexToBytesFast(addrHex))),
      account: changes.accounts.get(addrHex),
      slots: slots === undefined ? [] : [...slots],
      cleared: changes.cleared.has(addrHex),
    });
  }
  return out;
}

/** The account stored under `key` (keccak of its address, hex) in the state `root`. */
async function readAccount(root: Uint8Array, key: string, loader: NodeLoader): Promise<AccountData | undefined> {
  const value = await trieGet(root, key, loader);
  return value === undefined ? undefined : decodeAccount(value);
}

/**
 * The new account-trie leaf value of one changed address (null = remove it), after updating and
 * hashing its storage trie; undefined when there is nothing to write (storage changes of an account
 * that does not exist).
 */
async function computeAccountLeaf(
  change: AccountChange,
  parentRoot: Uint8Array,
  loader: NodeLoader,
  keccak: KeccakFn,
  store: NodeSink,
): Promise<Uint8Array | null | undefined> {
  let account = change.account;
  if (account === null) return null;
  const hasSlots = change.slots.length > 0;
  const needsParent = account === undefined || (hasSlots && !change.cleared);
  const parentAccount = needsParent ? await readAccount(parentRoot, change.key, loader) : undefined;
  if (account === undefined) {
    // Only storage changed; an account without a trie entry cannot have storage.
    if (parentAccount === undefined) return undefined;
    account = parentAccount;
  }
  let storageRoot = change.cleared ? EMPTY_TRIE_ROOT : (parentAccount?.storageRoot ?? account.storageRoot);
  if (hasSlots) {
    const slotKeys: string[] = [];
    const slotValues = new Map<string, Uint8Array | null>();
    for (const [slotHex, value] of change.slots) {
      const k = bytesToHexFast(keccak(hexToBytesFast(slotHex)));
      slotKeys.push(k);
      slotValues.set(k, value.length === 0 ? null : RLP.encode(value));
    }
    slotKeys.sort();
    const root = await trieUpdate(
      storageRoot,
      slotKeys,
      slotKeys.map((k) => slotValues.get(k)!),
      loader,
    );
    storageRoot = trieCommit(root, keccak, store);
  } else if (change.cleared) {
    storageRoot = EMPTY_TRIE_ROOT;
  }
  return encodeAccount({ ...account, storageRoot });
}

/**
 * The account-trie updates of `changes`: their keys sorted (as `trieUpdate` wants them) with the
 * new leaf values (`computeAccountLeaf`; addresses with nothing to write are left out).
 */
export async function computeAccountLeaves(
  changes: readonly AccountChange[],
  parentRoot: Uint8Array,
  loader: NodeLoader,
  keccak: KeccakFn,
  store: NodeSink,
): Promise<{ keys: string[]; values: (Uint8Array | null)[] }> {
  const leaves = new Map<string, Uint8Array | null>();
  for (const change of changes) {
    const leaf = await computeAccountLeaf(change, parentRoot, loader, keccak, store);
    if (leaf !== undefined) leaves.set(change.key, leaf);
  }
  const keys = [...leaves.keys()].sort();
  return { keys, values: keys.map((k) => leaves.get(k)!) };
}

/**
 * Updates and hashes the account trie's top-level subtries `groups` ([nibble, its changes]) of
 * `parentRoot`, whose root node must be a branch: the job a worker runs for
 * `applyChangesBySubtrie`. Same per-account rules and node hashing as `applyChanges`.
 */
export async function computeSubtries(
  parentRoot: Uint8Array,
  groups: readonly [number, AccountChange[]][],
  loader: NodeLoader,
  keccak: KeccakFn,
): Promise<SubtrieResult> {
  const rootNode = await loader.loadNode(parentRoot);
  if (rootNode.kind !== 2) throw new Error("subtries: the parent root is not a branch node");
  const nodes: [string, Uint8Array][] = [];
  const sink: NodeSink = (hash, enc) => {
    nodes.push([bytesToHexFast(hash), enc]);
  };
  const children: [number, Uint8Array][] = [];
  for (const [nibble, changes] of groups) {
    const { keys, values } = await computeAccountLeaves(changes, parentRoot, loader, keccak, sink);
    const child = await trieUpdateAt(rootNode.children[nibble] ?? null, keys, values, 1, loader);
    children.push([nibble, encodeChildRef(child, keccak, sink)]);
  }
  return { children, nodes };
}
