import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import { isEigenError } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { createLegacyTxFromBytesArray, createTxFromRLP } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes } from "@ethereumjs/util";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, StateStore } from "../../src/index.js";
import { createParallelExecutor, createSequentialExecutor, createStateStore, verifyBlock } from "../../src/index.js";
import { createWorld, ETH } from "../utils/blocks.js";
import { CHAIN_ID, common, createEnv, createMemoryDb, signTx } from "../utils/fixtures.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The EIP-2 twin of a signed legacy transaction (s → n − s, parity flipped), with the sender's
 * public key cached on it as the pool leaves it after admission: ethereumjs then never checks s.
 */
function highSTwin(tx: TypedTransaction): TypedTransaction {
  const fields = tx.raw() as Uint8Array[];
  const base = 35n + 2n * CHAIN_ID;
  fields[6] = bigIntToUnpaddedBytes(base + (1n - (tx.v! - base)));
  fields[8] = bigIntToUnpaddedBytes(N - tx.s!);
  const twin = createLegacyTxFromBytesArray(fields, { common });
  twin.cache.senderPubKey = tx.getSenderPublicKey();
  return twin;
}

function headerOf(r: BlockExecutionResult) {
  return { stateRoot: r.stateRoot, receiptsRoot: r.receiptsRoot, logsBloom: r.logsBloom, gasUsed: r.gasUsed };
}

describe("EIP-2 in block execution: a high-s legacy transaction makes a block invalid", () => {
  const world = createWorld(4);
  const [alice, bob] = world.users as [(typeof world.users)[0], (typeof world.users)[0]];
  const env: BlockEnv = createEnv();
  const canonical = signTx(alice, { nonce: 0n, to: bob.address, value: ETH, gasLimit: 21_000n, type: 0 });
  const twin = highSTwin(canonical);
  let store: StateStore;
  let root: Uint8Array;
  let executors: { name: string; executor: BlockExecutor }[];

  before(async () => {
    store = await createStateStore({ db: createMemoryDb() }, { common });
    root = await store.buildGenesis(world.genesis);
    executors = [
      { name: "sequential", executor: createSequentialExecutor({}, { stateStore: store, common }) },
      {
        name: "parallel",
        executor: createParallelExecutor({ workers: 2, minParallelTxs: 0, forceParallel: true }, { stateStore: store, common }),
      },
    ];
  });

  after(async () => {
    for (const { executor } of executors) await executor.close();
    await store.close();
  });

  it("the twin is a real one: the same sender by its cached key, refused by ethereumjs itself when uncached", () => {
    assert.equal(twin.getSenderAddress().toString(), canonical.getSenderAddress().toString());
    assert.throws(() => createTxFromRLP(twin.serialize(), { common }).getSenderAddress(), /s-values greater than secp256k1n\/2/);
  });

  for (const name of ["sequential", "parallel"]) {
    it(`${name}: executeBlock refuses the block with geth's text; the canonical block executes`, async () => {
      const { executor } = executors.find((e) => e.name === name)!;
      const good = await executor.executeBlock(root, env, [canonical]);
      assert.equal(good.transactions.length, 1);
      await assert.rejects(executor.executeBlock(root, env, [twin]), (err: unknown) => {
        assert.ok(isEigenError(err), String(err));
        assert.match((err as Error).message, /invalid transaction v, r, s values/);
        return true;
      });
    });

    it(`${name}: buildBlock leaves the twin out`, async () => {
      const { executor } = executors.find((e) => e.name === name)!;
      const built = await executor.buildBlock(root, env, [twin]);
      assert.equal(built.transactions.length, 0);
      assert.deepEqual(
        built.skipped.map((s) => s.reason),
        ["invalid transaction v, r, s values"],
      );
    });

    it(`${name}: verifyBlock finds the block invalid even with a header that claims the twin's effects`, async () => {
      const { executor } = executors.find((e) => e.name === name)!;
      // The header a faulty proposer would send: what the canonical twin produces.
      const claimed = headerOf(await executor.executeBlock(root, env, [canonical]));
      const verdict = await verifyBlock({ executor, stateStore: store }, root, env, [twin], claimed);
      assert.equal(verdict.status, "invalid");
      if (verdict.status !== "invalid") return;
      assert.equal(verdict.mismatch.field, "transaction");
      assert.equal(verdict.mismatch.actual, "invalid transaction v, r, s values");
    });
  }

  it("the twin's raw bytes no longer decode as a block transaction either", async () => {
    const { decodeBlockTransaction } = await import("@eigenchain/chain");
    assert.throws(() => decodeBlockTransaction(RLP.encode(twin.raw() as Uint8Array[]), common), /invalid transaction v, r, s values/);
  });
});
