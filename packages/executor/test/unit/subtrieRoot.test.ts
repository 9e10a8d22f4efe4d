import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { TrieStateStore } from "../../src/index.js";
import { createStateStore } from "../../src/index.js";
import { EMPTY_CODE_HASH } from "../../src/state/account.js";
import type { AccountChange, SubtrieResult } from "../../src/state/accountLeaf.js";
import { computeSubtries } from "../../src/state/accountLeaf.js";
import { bytesToHexFast } from "../../src/state/bytes.js";
import type { StateChanges } from "../../src/state/stateChanges.js";
import { createEmptyChanges } from "../../src/state/stateChanges.js";
import { EMPTY_TRIE_ROOT } from "../../src/state/trie.js";
import { summarize } from "../utils/blocks.js";
import { openExecutorPair } from "../utils/executorPair.js";
import { common, createAccount, createEnv, createGenesis, createMemoryDb, signTx } from "../utils/fixtures.js";

const address = (i: number) => i.toString(16).padStart(40, "0");
const slot = (i: number) => i.toString(16).padStart(64, "0");

/** A block's changes over addresses 0..n−1: new and updated accounts, deletions, storage-only writes, wipes. */
const changesArbitrary = (n: number) =>
  fc
    .array(
      fc.record({
        who: fc.integer({ min: 0, max: n - 1 }),
        kind: fc.constantFrom("balance", "delete", "storage", "wipe"),
        value: fc.integer({ min: 0, max: 5 }),
        slot: fc.integer({ min: 0, max: 7 }),
      }),
      { minLength: 0, maxLength: 400 },
    )
    .map((ops) => {
      const changes = createEmptyChanges();
      for (const op of ops) {
        const a = address(op.who);
        if (op.kind === "balance")
          changes.accounts.set(a, { nonce: 1n, balance: BigInt(op.value + 1), storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH });
        else if (op.kind === "delete") changes.accounts.set(a, null);
        else {
          if (op.kind === "wipe") changes.cleared.add(a);
          let slots = changes.storage.get(a);
          if (slots === undefined) {
            slots = new Map();
            changes.storage.set(a, slots);
          }
          slots.set(slot(op.slot), op.value === 0 ? new Uint8Array() : Uint8Array.of(op.value));
        }
      }
      return changes;
    });

/** Runs the subtrie jobs on this thread, split over two "workers" as the executor splits them. */
function inThreadHasher(store: TrieStateStore) {
  let jobs = 0;
  const hasher = async (parentRoot: Uint8Array, byNibble: AccountChange[][]): Promise<SubtrieResult[]> => {
    const groups = byNibble.map((c, nibble) => [nibble, c] as [number, AccountChange[]]).filter(([, c]) => c.length > 0);
    jobs++;
    return Promise.all(
      [groups.filter(([n]) => n % 2 === 0), groups.filter(([n]) => n % 2 === 1)].map((g) =>
        computeSubtries(parentRoot, g, store, store.keccak),
      ),
    );
  };
  return { hasher, jobs: () => jobs };
}

describe("state root by subtries (applyChangesBySubtrie)", () => {
  it("equals applyChanges on random change sets, including deletions, storage-only writes and wipes", async () => {
    const store = (await createStateStore({ db: createMemoryDb() }, { common })) as TrieStateStore;
    // A parent with 300 accounts (a branch at the root), half of them with storage.
    const genesis = createEmptyChanges();
    for (let i = 0; i < 300; i++) {
      genesis.accounts.set(address(i), { nonce: 0n, balance: 10n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH });
      if (i % 2 === 0) genesis.storage.set(address(i), new Map([[slot(1), Uint8Array.of(9)]]));
    }
    const parent = await store.applyChanges(EMPTY_TRIE_ROOT, genesis);
    const { hasher, jobs } = inThreadHasher(store);
    await fc.assert(
      fc.asyncProperty(changesArbitrary(340), async (changes: StateChanges) => {
        const expected = await store.applyChanges(parent, changes);
        const got = await store.applyChangesBySubtrie(parent, changes, hasher);
        assert.equal(bytesToHexFast(got), bytesToHexFast(expected));
        // The new root's nodes are all readable (registered like applyChanges' own).
        assert.equal(await store.hasStateRoot(got), true);
      }),
      { numRuns: 60 },
    );
    assert.ok(jobs() > 50, "the subtrie path ran");
    await store.close();
  });

  it("falls back to applyChanges when the parent's root is not a branch or the root would collapse", async () => {
    const store = (await createStateStore({ db: createMemoryDb() }, { common })) as TrieStateStore;
    const one = createEmptyChanges();
    one.accounts.set(address(1), { nonce: 0n, balance: 1n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH });
    const leafRoot = await store.applyChanges(EMPTY_TRIE_ROOT, one);
    const { hasher, jobs } = inThreadHasher(store);
    const more = createEmptyChanges();
    more.accounts.set(address(2), { nonce: 0n, balance: 2n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH });
    assert.deepEqual(await store.applyChangesBySubtrie(leafRoot, more, hasher), await store.applyChanges(leafRoot, more));
    assert.equal(jobs(), 0, "a leaf root is not split");
    const two = await store.applyChanges(leafRoot, more);
    const removeOne = createEmptyChanges();
    removeOne.accounts.set(address(2), null);
    assert.deepEqual(await store.applyChangesBySubtrie(two, removeOne, hasher), leafRoot);
    await store.close();
  });
});

describe("parallel executor: state root by subtries on the workers", () => {
  it("gives the sequential root for big blocks, block after block", async () => {
    const users = Array.from({ length: 700 }, (_, i) => createAccount(i));
    const alloc: Parameters<typeof createGenesis>[0] = {};
    for (const u of users.slice(0, 350)) alloc[u.hex] = { balance: 10n ** 20n };
    // Four workers: one computes the receipts, three hash the subtries (the split starts at four).
    const { store, root: genesis, sequential: seq, parallel: par, close } = await openExecutorPair(createGenesis(alloc), { workers: 4 });
    try {
      let parent = genesis;
      for (let block = 0; block < 2; block++) {
        const env = createEnv({ number: BigInt(block + 1) });
        // 300 senders pay fresh accounts (block 1), then accounts block 1 created (block 2).
        const txs = users
          .slice(0, 300)
          .map((u, i) =>
            signTx(u, { nonce: BigInt(block), to: users[350 + ((i + 7 * block) % 350)]!.address, value: 1n, gasLimit: 21_000n }),
          );
        const expected = await seq.executeBlock(parent, env, txs);
        const got = await par.executeBlock(parent, env, txs);
        assert.deepEqual(summarize(got), summarize(expected), `block ${block + 1}`);
        assert.equal(got.stats.rootHashing, "subtries");
        assert.equal(await store.hasStateRoot(got.stateRoot), true);
        parent = got.stateRoot;
      }
    } finally {
      await close();
    }
  });
});
