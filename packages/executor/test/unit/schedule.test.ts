import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import { keccak } from "../../src/crypto/keccak.js";
import type { TrieStateStore } from "../../src/index.js";
import { createParallelExecutor, createStateStore } from "../../src/index.js";
import { assignWorkers, scheduleBlock } from "../../src/parallel/schedule.js";
import { WorkerStateReader } from "../../src/parallel/workerState.js";
import { createWorld, TOKEN_ADDR } from "../utils/blocks.js";
import { addressSlot, common, createEnv, createMemoryDb, signTx, tokenTransferData } from "../utils/fixtures.js";

const world = createWorld(6);
const [a, b, c, d] = world.users as [(typeof world.users)[0], (typeof world.users)[0], (typeof world.users)[0], (typeof world.users)[0]];

describe("scheduleBlock (static dependencies)", () => {
  const table = [
    {
      desc: "independent transfers",
      txs: [signTx(a, { nonce: 0n, to: b.address, value: 1n }), signTx(c, { nonce: 0n, to: d.address, value: 1n })],
      senders: [a, c],
      deps: [-1, -1],
      longestChain: 1,
    },
    {
      desc: "pays an earlier sender; a transfer to oneself never depends on itself",
      txs: [
        signTx(a, { nonce: 0n, to: b.address, value: 1n }),
        signTx(c, { nonce: 0n, to: a.address, value: 1n }),
        signTx(d, { nonce: 0n, to: d.address, value: 1n }),
      ],
      senders: [a, c, d],
      deps: [-1, 0, -1],
      longestChain: 2,
    },
    {
      desc: "token transfers to one holder chain up; amounts are not addresses",
      txs: [a, b, c].map((u) => signTx(u, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(d.address, 1n) })),
      senders: [a, b, c],
      deps: [-1, 0, 1],
      longestChain: 3,
    },
    {
      desc: "independent token transfers with the same amount",
      txs: [
        signTx(a, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(b.address, 1n) }),
        signTx(c, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(d.address, 1n) }),
      ],
      senders: [a, c],
      deps: [-1, -1],
      longestChain: 1,
    },
  ];
  for (const t of table) {
    it(t.desc, () => {
      const s = scheduleBlock(
        t.txs,
        t.senders.map((u) => u.address),
      );
      assert.deepEqual([...s.deps], t.deps);
      assert.equal(s.longestChain, t.longestChain);
    });
  }
  it("counts repeated senders and skips unrecoverable ones", () => {
    const txs = [signTx(a, { nonce: 0n, to: b.address }), signTx(a, { nonce: 1n, to: b.address }), signTx(c, { nonce: 0n, to: d.address })];
    const s = scheduleBlock(txs, [a.address, a.address, null]);
    assert.equal(s.repeatSenders, 1);
    assert.deepEqual([...s.deps], [-1, 0, -1]);
  });
});

describe("WorkerStateReader (worker-side trie node cache)", () => {
  it("reads what the store reads, at two state roots, fetching each node once", async () => {
    const store = (await createStateStore({ db: createMemoryDb() }, { common })) as TrieStateStore;
    const genesis = await store.buildGenesis(world.genesis);
    const executor = createParallelExecutor({ workers: 1 }, { stateStore: store, common });
    const next = await executor.executeBlock(genesis, createEnv(), [
      signTx(a, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(b.address, 9n), gasLimit: 80_000n }),
    ]);
    await executor.close();
    let fetches = 0;
    const reader = new WorkerStateReader(keccak, (hash) => {
      fetches++;
      return store.getBlob(hash);
    });
    for (const root of [genesis, next.stateRoot, genesis]) {
      const read = reader.reader(root);
      for (const u of [a, b, c]) {
        const account = await store.getAccount(root, u.address);
        assert.deepEqual(await read(`a${bytesToHex(u.address).slice(2)}`), account ?? null);
        const slot = addressSlot(u.address).slice(2);
        const tokenAccount = await store.getAccount(root, TOKEN_ADDR);
        assert.deepEqual(
          await read(`s${bytesToHex(TOKEN_ADDR).slice(2)}${slot}`),
          await store.getStorage(tokenAccount!.storageRoot, Buffer.from(slot, "hex")),
        );
      }
      const tokenAccount = await store.getAccount(root, TOKEN_ADDR);
      assert.deepEqual(await read(`k${bytesToHex(tokenAccount!.codeHash).slice(2)}`), await store.getCodeByHash(tokenAccount!.codeHash));
      assert.equal(await read(`a${"ee".repeat(20)}`), null);
    }
    const afterThree = fetches;
    const again = reader.reader(next.stateRoot);
    await again(`a${bytesToHex(a.address).slice(2)}`);
    assert.equal(fetches, afterThree, "cached nodes are not fetched again");
    await store.close();
  });
});

describe("assignWorkers (which worker runs each transaction)", () => {
  const sender = new Uint8Array(20);
  it("a transaction follows its predicted dependency; an independent one stays with the worker that recovered it", () => {
    const deps = Int32Array.from([-1, -1, 0, 1, -1]);
    const owner = Int8Array.from([0, 1, 1, 0, 1]);
    const assigned = assignWorkers(deps, [sender, sender, sender, sender, sender], owner, 2);
    assert.deepEqual([...assigned], [0, 1, 0, 1, 1]);
  });

  it("moves independent transactions off a worker that is more than 16 ahead, and skips unrecovered ones", () => {
    const n = 40;
    const deps = new Int32Array(n).fill(-1);
    const owner = new Int8Array(n).fill(0);
    const senders: (Uint8Array | null)[] = Array.from({ length: n }, (_, i) => (i === 5 ? null : sender));
    const assigned = assignWorkers(deps, senders, owner, 2);
    assert.equal(assigned[5], -1);
    const load = [0, 0];
    for (const w of assigned) if (w >= 0) load[w]!++;
    assert.ok(Math.abs(load[0]! - load[1]!) <= 17, `balanced within the slack: ${load}`);
    assert.ok(load[1]! > 0);
  });
});
