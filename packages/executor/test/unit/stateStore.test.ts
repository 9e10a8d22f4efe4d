import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createChainCommon, parseGenesis } from "@eigenchain/chain";
import { MerklePatriciaTrie } from "@ethereumjs/mpt";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { ClassicLevel } from "classic-level";
import fc from "fast-check";
import { keccakJs } from "../../src/crypto/keccak.js";
import { createStateStore } from "../../src/index.js";
import { bytesToHexFast } from "../../src/state/bytes.js";
import { createEmptyChanges } from "../../src/state/stateChanges.js";
import type { NodeLoader, TrieNode } from "../../src/state/trie.js";
import { decodeNode, EMPTY_TRIE_ROOT, trieCommit, trieUpdate } from "../../src/state/trie.js";

const FIXTURES = join(process.cwd(), "../shared/fixtures/ethereum-tests/BlockchainTests/ValidBlocks");
const common = createChainCommon(1n);

function memoryDb() {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    async get(key: Uint8Array) {
      return map.get(bytesToHexFast(key));
    },
  };
}

describe("state store: genesis roots match other Ethereum clients", {
  skip: existsSync(FIXTURES) ? false : `fixtures missing at ${FIXTURES}`,
}, () => {
  const cases: { name: string; pre: unknown; gasLimit: string; stateRoot: string }[] = [];
  if (existsSync(FIXTURES)) {
    for (const dir of ["bcExample", "bcValidBlockTest", "bcEIP1559", "bcStateTests"]) {
      const folder = join(FIXTURES, dir);
      if (!existsSync(folder)) continue;
      for (const file of readdirSync(folder).slice(0, 12)) {
        const json = JSON.parse(readFileSync(join(folder, file), "utf8")) as Record<
          string,
          { pre: unknown; genesisBlockHeader: { stateRoot: string; gasLimit: string } }
        >;
        for (const [name, test] of Object.entries(json).slice(0, 2)) {
          cases.push({
            name: `${dir}/${name}`,
            pre: test.pre,
            gasLimit: test.genesisBlockHeader.gasLimit,
            stateRoot: test.genesisBlockHeader.stateRoot,
          });
        }
      }
    }
  }
  it("has cases", () => assert.ok(cases.length >= 5, `only ${cases.length} cases`));
  for (const c of cases) {
    it(c.name, async () => {
      const genesis = parseGenesis({ config: { chainId: 1 }, alloc: c.pre, gasLimit: c.gasLimit });
      for (const keccak of [undefined, keccakJs]) {
        const store = await createStateStore(keccak === undefined ? { db: memoryDb() } : { db: memoryDb(), keccak }, { common });
        const root = await store.buildGenesis(genesis);
        assert.equal(bytesToHex(root), c.stateRoot);
        await store.close();
      }
    });
  }
});

describe("trie: batched update equals ethereumjs mpt", () => {
  it("random puts and deletes over several batches", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.option(fc.uint8Array({ minLength: 1, maxLength: 40 }), { nil: null })), {
            maxLength: 30,
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (batches) => {
          const nodes = new Map<string, Uint8Array>();
          const loader: NodeLoader = {
            async loadNode(hash) {
              const enc = nodes.get(bytesToHexFast(hash));
              if (enc === undefined) throw new Error("missing");
              return decodeNode(enc, hash) as TrieNode;
            },
          };
          const reference = new MerklePatriciaTrie({ useKeyHashing: true });
          let root = EMPTY_TRIE_ROOT;
          for (const batch of batches) {
            const updates = new Map<string, Uint8Array | null>();
            for (const [k, v] of batch) {
              const key = new Uint8Array(32);
              key[31] = k;
              key[0] = k * 7;
              updates.set(bytesToHexFast(keccakJs(key)), v);
              if (v === null) await reference.del(key);
              else await reference.put(key, v);
            }
            const keys = [...updates.keys()].sort();
            const newRoot = await trieUpdate(
              root,
              keys,
              keys.map((k) => updates.get(k)!),
              loader,
            );
            root = trieCommit(newRoot, keccakJs, (h, e) => nodes.set(bytesToHexFast(h), e));
            assert.equal(bytesToHex(root), bytesToHex(reference.root()));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("state store: pending and committed state", () => {
  it("builds on an uncommitted root, commits, reopens LevelDB and reads back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eigen-executor-"));
    try {
      const alice = hexToBytes("0x00000000000000000000000000000000000000aa");
      const bob = hexToBytes("0x00000000000000000000000000000000000000bb");
      let db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
      await db.open();
      let store = await createStateStore({ db }, { common });
      const genesis = parseGenesis({
        config: { chainId: 1 },
        gasLimit: "0x1000000",
        alloc: { [bytesToHex(alice)]: { balance: "1000", storage: { "0x01": "0x05" } } },
      });
      const root0 = await store.buildGenesis(genesis);
      const changes = createEmptyChanges();
      changes.accounts.set(bytesToHexFast(bob), {
        nonce: 1n,
        balance: 7n,
        storageRoot: EMPTY_TRIE_ROOT,
        codeHash: hexToBytes("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
      });
      changes.storage.set(
        bytesToHexFast(alice),
        new Map([["0000000000000000000000000000000000000000000000000000000000000002", Uint8Array.of(9)]]),
      );
      const root1 = await store.applyChanges(root0, changes);
      // Nothing on disk yet; reads come from memory.
      assert.equal(await db.get(root1), undefined);
      assert.equal((await store.view(root1).getAccount(bob))?.balance, 7n);
      const slot2 = new Uint8Array(32);
      slot2[31] = 2;
      assert.equal((await store.view(root1).getStorageAt(alice, slot2))[31], 9);
      const writes = store.pendingWrites(root1);
      assert.ok(writes.length > store.pendingWrites(root0).length);
      await db.batch(writes.map((w) => ({ type: "put" as const, key: w.key, value: w.value })));
      store.onCommitted(root1);
      assert.deepEqual(store.pendingWrites(root1), []);
      await store.close();
      await db.close();
      db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
      await db.open();
      store = await createStateStore({ db }, { common });
      const view = store.view(root1);
      assert.equal((await view.getAccount(alice))?.balance, 1000n);
      assert.equal((await view.getAccount(bob))?.nonce, 1n);
      const slot1 = new Uint8Array(32);
      slot1[31] = 1;
      assert.equal((await view.getStorageAt(alice, slot1))[31], 5);
      assert.equal((await view.getStorageAt(alice, slot2))[31], 9);
      await store.close();
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
