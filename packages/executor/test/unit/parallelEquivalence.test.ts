import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import { decodeBlockTransaction } from "@eigenchain/chain";
import fc from "fast-check";
import type { BlockExecutor, StateStore } from "../../src/index.js";
import { createParallelExecutor, createSequentialExecutor, createStateStore } from "../../src/index.js";
import type { Op } from "../utils/blocks.js";
import { COUNTER_ADDR, createTxs, createWorld, summarize } from "../utils/blocks.js";
import { openExecutorPair } from "../utils/executorPair.js";
import { common, createEnv, createMemoryDb, hex, signTx } from "../utils/fixtures.js";

/** New objects for the same transactions, without the public keys an earlier run cached on them (as from the wire). */
function decodedAgain(txs: readonly TypedTransaction[]): TypedTransaction[] {
  return txs.map((tx) => decodeBlockTransaction(tx.serialize(), common));
}

const USERS = 8;
const RUNS = Number(process.env.EQUIVALENCE_RUNS ?? 40);

export function opArbitrary(users: number): fc.Arbitrary<Op> {
  const u = fc.integer({ min: 0, max: users - 1 });
  const hotOrAny = fc.oneof(fc.constant(0), u);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant("eth" as const),
        from: u,
        to: fc.oneof(u, fc.constant(99)),
        value: fc.integer({ min: 0, max: 1000 }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("ethNew" as const), from: u, salt: fc.integer({ min: 0, max: 5 }) }) },
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant("token" as const), from: u, to: hotOrAny, amount: fc.integer({ min: 0, max: 2_000_000 }) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("counter" as const), from: u }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("readCoinbase" as const), from: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("revert" as const), from: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("oog" as const), from: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("deploy" as const), from: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("create2" as const), from: u, code: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("selfdestructNew" as const), from: u, value: fc.integer({ min: 0, max: 9 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("selfdestruct" as const), from: u, to: u, value: fc.integer({ min: 0, max: 9 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("delegate" as const), from: u, authority: u }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("callAuthority" as const), from: u, authority: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("legacy" as const), from: u, to: u }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("badNonce" as const), from: u }) },
  );
}

/** Blocks of random ops, sometimes dominated by one sender (long nonce chains). */
export function blockArbitrary(users: number): fc.Arbitrary<Op[]> {
  return fc.oneof(
    fc.array(opArbitrary(users), { minLength: 1, maxLength: 40 }),
    fc.array(
      opArbitrary(users).map((op) => ({ ...op, from: 3 }) as Op),
      { minLength: 1, maxLength: 25 },
    ),
  );
}

describe("parallel executor equals the sequential reference", () => {
  const world = createWorld(USERS);
  let store: StateStore;
  let genesisRoot: Uint8Array;
  let sequential: BlockExecutor;
  const parallel: [string, BlockExecutor][] = [];

  before(async () => {
    store = await createStateStore({ db: createMemoryDb() }, { common });
    genesisRoot = await store.buildGenesis(world.genesis);
    sequential = createSequentialExecutor({}, { stateStore: store, common });
    for (const workers of [1, 2, 4]) {
      parallel.push([
        `${workers} workers`,
        createParallelExecutor({ workers, minParallelTxs: 0, forceParallel: true }, { stateStore: store, common }),
      ]);
    }
    parallel.push(["2 workers, default rules", createParallelExecutor({ workers: 2 }, { stateStore: store, common })]);
  });

  after(async () => {
    await sequential.close();
    for (const [, p] of parallel) await p.close();
    await store.close();
  });

  it(`random blocks (${RUNS} runs, two consecutive blocks each)`, async () => {
    await fc.assert(
      fc.asyncProperty(blockArbitrary(USERS), blockArbitrary(USERS), async (ops1, ops2) => {
        const env1 = createEnv();
        const env2 = createEnv({ number: 2n, coinbase: world.users[5]!.address });
        const nonces = new Map<number, bigint>();
        const txs1 = createTxs(world.users, ops1, env1.coinbase, nonces);
        const expected1 = await sequential.buildBlock(genesisRoot, env1, txs1);
        // The second block continues the nonces of what the first one included.
        const nonces2 = new Map<number, bigint>();
        for (const t of expected1.transactions) {
          const i = world.users.findIndex((u) => Buffer.from(u.address).equals(Buffer.from(t.sender)));
          nonces2.set(i, (nonces2.get(i) ?? 0n) + 1n);
        }
        for (const t of expected1.transactions) if (t.tx.type === 4) nonces2.clear();
        const txs2 = createTxs(world.users, ops2, env2.coinbase, nonces2);
        const expected2 = await sequential.buildBlock(expected1.stateRoot, env2, txs2);
        // Block 1 as from the wire (the workers recover the senders), block 2 as from the pool (keys known).
        for (const [name, executor] of parallel) {
          const got1 = await executor.buildBlock(genesisRoot, env1, decodedAgain(txs1));
          assert.deepEqual(summarize(got1), summarize(expected1), `${name}: block 1`);
          const got2 = await executor.buildBlock(got1.stateRoot, env2, txs2);
          assert.deepEqual(summarize(got2), summarize(expected2), `${name}: block 2`);
          const again = await executor.executeBlock(
            genesisRoot,
            env1,
            expected1.transactions.map((t) => t.tx),
          );
          assert.deepEqual(summarize(again).stateRoot, summarize(expected1).stateRoot, `${name}: executeBlock`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("a worker's read of an earlier transaction's write is stale once that transaction was re-executed", async () => {
    // Worker 1 runs txs 16 and 17 (one sender) after worker 0 ran tx 0: the calls carry calldata
    // the schedule cannot see through, so tx 16 misses tx 0's counter increment and is re-executed
    // here; tx 17 saw tx 16's *speculative* write, which the block never committed, so it must be
    // re-executed too (2 re-executions, counter ends at 3).
    const big = createWorld(40);
    const ops: Op[] = [];
    for (let u = 2; u <= 16; u++) ops.push({ kind: "eth", from: u, to: u + 20, value: 1 });
    const env = createEnv();
    const count = (from: number, nonce: bigint) =>
      signTx(big.users[from]!, { nonce, to: COUNTER_ADDR, data: hex("12345678"), gasLimit: 60_000n });
    // Fresh transaction objects for each executor: ones the sequential run recovered carry their
    // keys, and the workers would not recover (nor own) them, which changes who runs what.
    const createBlockTxs = () => [count(0, 0n), ...createTxs(big.users, ops, env.coinbase), count(1, 0n), count(1, 1n)];
    const { root, sequential: seq, parallel: par, close } = await openExecutorPair(big.genesis);
    try {
      const expected = await seq.buildBlock(root, env, createBlockTxs());
      const got = await par.buildBlock(root, env, createBlockTxs());
      assert.deepEqual(summarize(got), summarize(expected));
      assert.equal(got.stats.mode, "parallel");
      assert.equal(got.stats.reexecutions, 2);
    } finally {
      await close();
    }
  });
});
