import assert from "node:assert/strict";
import { it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import fc from "fast-check";
import { TxPoolCore } from "../../../src/pool/txPool.js";
import type { AccountState, PoolConfig, PoolTx } from "../../../src/pool/types.js";

const CONFIG: PoolConfig = { globalSlots: 4096, accountSlots: 16, accountQueue: 8, priceLimit: 0n, priceBump: 10n, lifetimeMs: 1000 };
const sender = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;

let counter = 0;
function makeTx(from: number, nonce: number, cost: number, tip: number): PoolTx {
  const hashHex = `0x${(counter++).toString(16).padStart(64, "0")}`;
  return {
    tx: {} as TypedTransaction,
    hash: new Uint8Array(32),
    hashHex,
    sender: new Uint8Array(20),
    senderHex: sender(from),
    raw: new Uint8Array(),
    local: false,
    txType: 2,
    nonce: BigInt(nonce),
    gasLimit: 21_000n,
    maxFee: BigInt(tip + 10),
    maxTip: BigInt(tip),
    value: 0n,
    cost: BigInt(cost),
    slots: 1,
    tag: "none",
    accessSet: {
      accounts: [],
      slots: [],
      isolated: false,
      binding: false,
      sources: { declared: false, predicted: true, learned: false },
      learnedVersion: 0,
      reason: "test",
    },
    seq: counter,
    addedAt: 0,
  };
}

const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      from: fc.integer({ min: 0, max: 2 }),
      nonce: fc.integer({ min: 0, max: 10 }),
      cost: fc.integer({ min: 1, max: 40 }),
      tip: fc.integer({ min: 1, max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("block" as const),
      nonces: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }),
      balance: fc.integer({ min: 0, max: 200 }),
    }),
  },
);

it("pending and queued counts, executable runs and the funds check stay right through adds, replacements and blocks", () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const core = new TxPoolCore(CONFIG, 0n);
      const states = new Map<string, AccountState>([0, 1, 2].map((i) => [sender(i), { nonce: 0n, balance: 150n }]));
      for (const op of ops) {
        if (op.kind === "block") {
          for (const [i, n] of op.nonces.entries()) {
            const st = states.get(sender(i)) as AccountState;
            states.set(sender(i), { nonce: st.nonce + BigInt(n), balance: BigInt(op.balance) });
          }
          core.applyBlock(states, new Set(), 0n, 30_000_000n, 0);
        } else {
          const tx = makeTx(op.from, op.nonce, op.cost, op.tip);
          const held = [...(core.content().pending.get(tx.senderHex) ?? []), ...(core.content().queued.get(tx.senderHex) ?? [])];
          const balance = (core.getAccountState(tx.senderHex) ?? (states.get(tx.senderHex) as AccountState)).balance;
          const spent = held.reduce((sum, t) => sum + t.cost, 0n);
          const replaces = held.some((t) => t.nonce === tx.nonce);
          const outcome = core.add(tx, states.get(tx.senderHex) as AccountState, 0);
          if (outcome.status === "added" && !replaces) assert.ok(balance >= spent + tx.cost, "admitted beyond the sender's funds");
          if (
            outcome.status === "invalid" &&
            !replaces &&
            balance < spent + tx.cost &&
            tx.nonce >= (core.getAccountState(tx.senderHex) ?? (states.get(tx.senderHex) as AccountState)).nonce
          ) {
            assert.equal(outcome.rejection.type.code, "MEMPOOL_INSUFFICIENT_FUNDS");
          }
        }
        // Recount everything from the per-sender lists.
        const { pending, queued } = core.content();
        let pendingTotal = 0;
        let queuedTotal = 0;
        for (const [hex, list] of pending) {
          const start = (core.getAccountState(hex) as AccountState).nonce;
          for (const [k, t] of list.entries()) assert.equal(t.nonce, start + BigInt(k), "pending is the gapless run from the state nonce");
          pendingTotal += list.length;
          assert.equal(core.getPendingNonce(hex), start + BigInt(list.length));
        }
        for (const [hex, list] of queued) {
          const run = pending.get(hex)?.length ?? 0;
          const start = (core.getAccountState(hex) as AccountState).nonce;
          assert.ok((list[0] as PoolTx).nonce > start + BigInt(run), "a queued transaction would be executable");
          queuedTotal += list.length;
        }
        assert.equal(core.status().pending, pendingTotal);
        assert.equal(core.status().queued, queuedTotal);
      }
    }),
    { numRuns: 300 },
  );
});

it("a replacement of a sender's only transaction is held, counted and selected (it used to fall out with the sender's emptied account)", () => {
  const core = new TxPoolCore(CONFIG, 0n);
  const state = { nonce: 0n, balance: 1_000n };
  assert.equal(core.add(makeTx(0, 0, 10, 10), state, 0).status, "added");
  const replacement = makeTx(0, 0, 10, 20);
  const outcome = core.add(replacement, state, 0);
  assert.equal(outcome.status, "added");
  assert.deepEqual(core.content().pending.get(sender(0)), [replacement]);
  assert.equal(core.status().pending, 1);
  assert.deepEqual(
    core.select(30_000_000n, 4).batches.flatMap((b) => b.transactions),
    [replacement],
  );
});
