import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import { Registry } from "prom-client";
import type { TxJournal } from "../../src/index.js";
import { createMemoryTxJournal, createMempoolMetrics, createParallelPool, type ParallelPoolOpts } from "../../src/index.js";
import { MemoryPoolState } from "../../src/testUtils/memoryState.js";
import { addressOf, common, ETHER, GWEI, KEYS, keyFor, rawTx } from "../txFactory.js";

const alice = KEYS[0] as Uint8Array;
const bob = KEYS[1] as Uint8Array;
const carol = KEYS[2] as Uint8Array;

function makePool(opts: ParallelPoolOpts = {}, extra: { journal?: TxJournal; clock?: () => number; registry?: Registry } = {}) {
  const state = new MemoryPoolState(ETHER);
  const metrics = extra.registry === undefined ? null : createMempoolMetrics(extra.registry);
  const pool = createParallelPool(
    { recovery: "main", ...opts },
    {
      common,
      state,
      metrics,
      ...(extra.journal === undefined ? {} : { journal: extra.journal }),
      ...(extra.clock === undefined ? {} : { clock: extra.clock }),
    },
  );
  return { pool, state };
}

describe("selectForBlock", () => {
  it("orders by effective tip and keeps each sender's nonce order", async () => {
    const { pool } = makePool();
    // Alice: cheap head, rich follower; Bob: medium. Alice's nonce 1 may not jump her nonce 0.
    await pool.addRemote(rawTx({ key: alice, nonce: 0n, tip: 1n * GWEI, maxFee: 10n * GWEI }));
    await pool.addRemote(rawTx({ key: alice, nonce: 1n, tip: 9n * GWEI, maxFee: 10n * GWEI }));
    await pool.addRemote(rawTx({ key: bob, nonce: 0n, tip: 5n * GWEI, maxFee: 10n * GWEI }));
    const sel = pool.selectForBlock(30_000_000n);
    const order = sel.transactions.map((t) => `${t.getSenderAddress().toString().slice(0, 6)}:${t.nonce}`);
    assert.deepEqual(order, ["0x7099:0", "0xf39f:0", "0xf39f:1"]);
    assert.equal(sel.gasLimit, 30_000_000n);
    await pool.close();
  });

  it("uses EIP-1559 effective tips at the base fee and skips what cannot pay it", async () => {
    const { pool } = makePool({ baseFeePerGas: 8n * GWEI });
    // Effective tip: min(5, 10 − 8) = 2 gwei for Alice; min(3, 20 − 8) = 3 gwei for Bob.
    await pool.addRemote(rawTx({ key: alice, tip: 5n * GWEI, maxFee: 10n * GWEI }));
    await pool.addRemote(rawTx({ key: bob, tip: 3n * GWEI, maxFee: 20n * GWEI }));
    await pool.addRemote(rawTx({ key: carol, tip: 1n * GWEI, maxFee: 7n * GWEI }));
    const sel = pool.selectForBlock(30_000_000n);
    assert.deepEqual(
      sel.transactions.map((t) => t.getSenderAddress().toString()),
      [bytesToHex(addressOf(bob)), bytesToHex(addressOf(alice))],
    );
    await pool.close();
  });

  it("never exceeds the gas limit", async () => {
    const { pool } = makePool();
    for (let i = 0; i < 5; i++) await pool.addRemote(rawTx({ key: keyFor(i), gasLimit: 50_000n }));
    const sel = pool.selectForBlock(120_000n);
    assert.equal(sel.transactions.length, 2);
    await pool.close();
  });

  it("puts conflicting transactions in different batches and respects the batch size", async () => {
    const { pool } = makePool({ batchSize: 2 });
    // Four senders paying distinct recipients: independent, so batches of two.
    for (let i = 0; i < 4; i++) {
      await pool.addRemote(rawTx({ key: keyFor(10 + i), to: bytesToHex(addressOf(keyFor(20 + i))) }));
    }
    // Two more to one shared recipient: they conflict with each other.
    await pool.addRemote(rawTx({ key: keyFor(30), to: bytesToHex(addressOf(keyFor(40))) }));
    await pool.addRemote(rawTx({ key: keyFor(31), to: bytesToHex(addressOf(keyFor(40))) }));
    const sel = pool.selectForBlock(30_000_000n);
    assert.equal(sel.transactions.length, 6);
    for (const batch of sel.batches) assert.ok(batch.transactions.length <= 2);
    const shared = sel.batches.findIndex((b) => b.transactions.some((t) => bytesToHex(t.sender) === bytesToHex(addressOf(keyFor(30)))));
    const shared2 = sel.batches.findIndex((b) => b.transactions.some((t) => bytesToHex(t.sender) === bytesToHex(addressOf(keyFor(31)))));
    assert.notEqual(shared, shared2);
    assert.equal(sel.batches.length, 4); // [t0 t1] [t2 t3] [s30] [s31]: s31 must follow s30
    // Same pool, same selection, same ids.
    assert.deepEqual(
      pool.selectForBlock(30_000_000n).batches.map((b) => b.id),
      sel.batches.map((b) => b.id),
    );
    await pool.close();
  });
});

describe("onNewBlock", () => {
  it("drops included transactions and promotes what became executable", async () => {
    const { pool, state } = makePool();
    const a0 = await pool.addRemote(rawTx({ key: alice, nonce: 0n }));
    await pool.addRemote(rawTx({ key: alice, nonce: 1n }));
    await pool.addRemote(rawTx({ key: bob, nonce: 1n })); // queued: Bob's nonce 0 arrives elsewhere
    assert.deepEqual(pool.status(), { pending: 2, queued: 1 });
    const next = state.clone().set(addressOf(alice), { nonce: 1n }).set(addressOf(bob), { nonce: 1n });
    await pool.onNewBlock({ includedHashes: [a0.hash], baseFeePerGas: 0n, state: next });
    assert.equal(pool.get(a0.hash), undefined);
    assert.deepEqual(pool.status(), { pending: 2, queued: 0 });
    assert.equal(pool.getPendingNonce(addressOf(bob)), 2n);
    await pool.close();
  });

  it("drops transactions the new state makes invalid", async () => {
    const { pool, state } = makePool();
    const stale = await pool.addRemote(rawTx({ key: alice, nonce: 0n }));
    await pool.addRemote(rawTx({ key: bob, nonce: 0n, value: ETHER / 2n }));
    await pool.addRemote(rawTx({ key: bob, nonce: 1n }));
    // Alice's nonce moved past 0 by another transaction; Bob is now broke.
    const next = state
      .clone()
      .set(addressOf(alice), { nonce: 1n })
      .set(addressOf(bob), { balance: ETHER / 4n });
    await pool.onNewBlock({ includedHashes: [], baseFeePerGas: 0n, state: next });
    assert.equal(pool.get(stale.hash), undefined);
    // Bob's nonce 0 cannot pay any more; nonce 1 stays, but behind a gap.
    assert.deepEqual(pool.status(), { pending: 0, queued: 1 });
    await pool.close();
  });

  it("drops transactions above a lowered block gas limit", async () => {
    const { pool, state } = makePool();
    await pool.addRemote(rawTx({ gasLimit: 100_000n }));
    await pool.onNewBlock({ includedHashes: [], baseFeePerGas: 0n, state, gasLimit: 50_000n });
    assert.deepEqual(pool.status(), { pending: 0, queued: 0 });
    await pool.close();
  });
});

describe("limits", () => {
  it("evicts the cheapest remote transaction when full", async () => {
    const registry = new Registry();
    const { pool } = makePool({ globalSlots: 3 }, { registry });
    const cheap = await pool.addRemote(rawTx({ key: keyFor(4), tip: 1n * GWEI, maxFee: 5n * GWEI }));
    const mid = await pool.addRemote(rawTx({ key: keyFor(5), tip: 2n * GWEI, maxFee: 5n * GWEI }));
    const local = await pool.addLocal(rawTx({ key: keyFor(6), tip: 1n * GWEI, maxFee: 1n * GWEI }));
    const rich = await pool.addRemote(rawTx({ key: keyFor(7), tip: 3n * GWEI, maxFee: 5n * GWEI }));
    assert.equal(pool.get(cheap.hash), undefined);
    for (const kept of [mid, local, rich]) assert.ok(pool.get(kept.hash));
    assert.deepEqual(pool.status(), { pending: 3, queued: 0 });
    const text = await registry.metrics();
    assert.match(text, /eigen_mempool_pending_ratelimit_total 1/);
    assert.match(text, /eigen_mempool_valid_total 4/);
    assert.match(text, /eigen_mempool_pending_transactions 3/);
    assert.match(text, /eigen_mempool_local_transactions 1/);
    await pool.close();
  });

  it("drops a sender's queued transactions once idle past the lifetime", async () => {
    let now = 1_000_000;
    const { pool } = makePool({ lifetimeMs: 60_000 }, { clock: () => now });
    await pool.addRemote(rawTx({ key: alice, nonce: 5n }));
    await pool.addRemote(rawTx({ key: bob, nonce: 0n }));
    await pool.addLocal(rawTx({ key: carol, nonce: 3n }));
    now += 30_000;
    assert.equal(pool.evictStale(), 0);
    now += 31_000;
    assert.equal(pool.evictStale(), 1);
    // Bob's pending transaction and Carol's local queued one stay.
    assert.deepEqual(pool.status(), { pending: 1, queued: 1 });
    await pool.close();
  });
});

describe("journal", () => {
  it("reloads local transactions after a restart through the normal path", async () => {
    const journal = createMemoryTxJournal();
    const first = makePool({}, { journal });
    await first.pool.start();
    const kept = await first.pool.addLocal(rawTx({ key: alice, nonce: 0n }));
    const included = await first.pool.addLocal(rawTx({ key: bob, nonce: 0n }));
    await first.pool.addRemote(rawTx({ key: carol, nonce: 0n })); // remote: not journaled
    assert.equal(journal.entries.length, 2);
    await first.pool.close();

    // Bob's transaction landed in a block while the node was down.
    const second = makePool({}, { journal });
    second.state.set(addressOf(bob), { nonce: 1n });
    const result = await second.pool.start();
    assert.deepEqual(result, { loaded: 1, dropped: 1 });
    const reloaded = second.pool.get(kept.hash);
    assert.ok(reloaded);
    assert.equal(reloaded.local, true);
    assert.equal(second.pool.get(included.hash), undefined);
    assert.equal(journal.entries.length, 1); // rotated to what survived
    await second.pool.close();
  });

  it("drops mined local transactions when a block commits, keeps the rest", async () => {
    const journal = createMemoryTxJournal();
    let rotations = 0;
    const rotate = journal.rotate;
    journal.rotate = (raws) => {
      rotations++;
      return rotate(raws);
    };
    const { pool, state } = makePool({}, { journal });
    await pool.start();
    const raws = [rawTx({ key: alice, nonce: 0n }), rawTx({ key: alice, nonce: 1n }), rawTx({ key: bob, nonce: 0n })];
    const [a0] = await Promise.all(raws.map((raw) => pool.addLocal(raw)));
    assert.equal(journal.entries.length, 3);
    rotations = 0;
    const next = state.clone().set(addressOf(alice), { nonce: 1n });
    await pool.onNewBlock({ includedHashes: [a0!.hash], baseFeePerGas: 0n, state: next });
    assert.equal(rotations, 1);
    assert.deepEqual(journal.entries.map((raw) => bytesToHex(raw)).sort(), [raws[1]!, raws[2]!].map((raw) => bytesToHex(raw)).sort());
    // A block that removes no local transaction leaves the journal alone.
    await pool.onNewBlock({ includedHashes: [], baseFeePerGas: 0n, state: next });
    assert.equal(rotations, 1);
    await pool.close();
  });
});
