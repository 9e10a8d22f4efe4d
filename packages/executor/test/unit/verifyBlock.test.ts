import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockEnv, BlockExecutionResult, BlockExecutor, StateStore } from "../../src/index.js";
import { createParallelExecutor, createSequentialExecutor, createStateStore, verifyBlock } from "../../src/index.js";
import { createWorld, ETH, TOKEN_ADDR } from "../utils/blocks.js";
import { addressSlot, common, createEnv, createMemoryDb, signTx, tokenTransferData } from "../utils/fixtures.js";

/** An executor with a bug: it runs `mutate(txs)` instead of the block it was given. */
function buggy(inner: BlockExecutor, mutate: (txs: readonly TypedTransaction[]) => TypedTransaction[]): BlockExecutor {
  return {
    buildBlock: (p, e, t) => inner.buildBlock(p, e, mutate(t)),
    executeBlock: (p, e, t) => inner.executeBlock(p, e, mutate(t)),
    call: (r, e, q) => inner.call(r, e, q),
    close: async () => {},
  };
}

function headerOf(r: BlockExecutionResult) {
  return { stateRoot: r.stateRoot, receiptsRoot: r.receiptsRoot, logsBloom: r.logsBloom, gasUsed: r.gasUsed };
}

describe("verifyBlock", () => {
  const world = createWorld(8);
  const [alice, bob, carol] = world.users as [(typeof world.users)[0], (typeof world.users)[0], (typeof world.users)[0]];
  let store: StateStore;
  let root: Uint8Array;
  let sequential: BlockExecutor;
  let parallel: BlockExecutor;
  const env: BlockEnv = createEnv();
  // Four ETH transfers and two token transfers: enough for receipts with and without logs.
  const txs = [
    signTx(alice, { nonce: 0n, to: bob.address, value: ETH, gasLimit: 21_000n }),
    signTx(bob, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(carol.address, 5n), gasLimit: 80_000n }),
    signTx(carol, { nonce: 0n, to: alice.address, value: 3n, gasLimit: 21_000n }),
    signTx(alice, { nonce: 1n, to: TOKEN_ADDR, data: tokenTransferData(bob.address, 7n), gasLimit: 80_000n }),
  ];
  let expected: BlockExecutionResult;

  before(async () => {
    store = await createStateStore({ db: createMemoryDb() }, { common });
    root = await store.buildGenesis(world.genesis);
    sequential = createSequentialExecutor({}, { stateStore: store, common });
    parallel = createParallelExecutor({ workers: 2, minParallelTxs: 0, forceParallel: true }, { stateStore: store, common });
    expected = await sequential.executeBlock(root, env, txs);
  });

  after(async () => {
    await parallel.close();
    await sequential.close();
    await store.close();
  });

  it("accepts a block whose header matches (parallel re-execution; ethereumjs-style receiptTrie too)", async () => {
    const r = await verifyBlock({ executor: parallel, reference: sequential, stateStore: store }, root, env, txs, headerOf(expected));
    assert.equal(r.status, "valid");
    const h = {
      stateRoot: expected.stateRoot,
      receiptTrie: expected.receiptsRoot,
      logsBloom: expected.logsBloom,
      gasUsed: expected.gasUsed,
    };
    assert.equal((await verifyBlock({ executor: parallel, stateStore: store }, root, env, txs, h)).status, "valid");
  });

  it("gas used mismatch", async () => {
    const r = await verifyBlock({ executor: parallel, stateStore: store }, root, env, txs, {
      ...headerOf(expected),
      gasUsed: expected.gasUsed + 1n,
    });
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "gasUsed");
    assert.equal(r.mismatch.expected, (expected.gasUsed + 1n).toString());
    assert.equal(r.mismatch.actual, expected.gasUsed.toString());
    assert.deepEqual(r.mismatch.fields, ["gasUsed"]);
    assert.equal(r.mismatch.cause, "unknown");
  });

  it("logs bloom mismatch", async () => {
    const bloom = expected.logsBloom.slice();
    bloom[0]! ^= 1;
    const r = await verifyBlock({ executor: parallel, reference: sequential, stateStore: store }, root, env, txs, {
      ...headerOf(expected),
      logsBloom: bloom,
    });
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "logsBloom");
    assert.equal(r.mismatch.cause, "bad-proposal");
  });

  it("receipts root mismatch names the first differing receipt (index, field) from the proposer's receipts", async () => {
    const proposed = expected.transactions.map((t) => ({ ...t.receipt }));
    proposed[2] = { ...proposed[2]!, cumulativeGasUsed: proposed[2]!.cumulativeGasUsed + 1n };
    proposed[3] = { ...proposed[3]!, status: 0 };
    const badRoot = new Uint8Array(32).fill(1);
    const r = await verifyBlock(
      { executor: parallel, reference: sequential, stateStore: store },
      root,
      env,
      txs,
      { ...headerOf(expected), receiptsRoot: badRoot },
      { expectedReceipts: proposed },
    );
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "receiptsRoot");
    assert.equal(r.mismatch.cause, "bad-proposal");
    assert.deepEqual(r.mismatch.firstDifference, { kind: "receipt", index: 2, field: "cumulativeGasUsed" });
  });

  it("receipts differing between parallel and sequential re-execution: executor mismatch, first receipt", async () => {
    // The "parallel" executor drops the third transaction: receipt 2 is then alice's token transfer.
    const bad = buggy(parallel, (t) => [t[0]!, t[1]!, t[3]!]);
    const r = await verifyBlock({ executor: bad, reference: sequential, stateStore: store }, root, env, txs, headerOf(expected));
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.cause, "executor-mismatch");
    assert.ok(r.mismatch.fields.includes("receiptsRoot"));
  });

  it("state root mismatch from a bad proposal: parallel equals sequential, nothing to diff", async () => {
    const r = await verifyBlock({ executor: parallel, reference: sequential, stateStore: store }, root, env, txs, {
      ...headerOf(expected),
      stateRoot: new Uint8Array(32).fill(2),
    });
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "stateRoot");
    assert.equal(r.mismatch.cause, "bad-proposal");
    assert.equal(r.mismatch.firstDifference, null);
  });

  it("state root mismatch from an executor bug: first differing account", async () => {
    // The buggy executor sends alice's first transfer 1 wei more: alice and bob differ; the report
    // names the account whose hashed key sorts first, with its address.
    const bad = buggy(parallel, (t) => [signTx(alice, { nonce: 0n, to: bob.address, value: ETH + 1n, gasLimit: 21_000n }), ...t.slice(1)]);
    const r = await verifyBlock({ executor: bad, reference: sequential, stateStore: store }, root, env, txs, headerOf(expected));
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "stateRoot");
    assert.equal(r.mismatch.cause, "executor-mismatch");
    const d = r.mismatch.firstDifference;
    assert.equal(d?.kind, "account");
    if (d?.kind !== "account") return;
    assert.equal(d.field, "balance");
    assert.ok([alice.hex, bob.hex].includes(d.address ?? ""), `address ${d.address}`);
  });

  it("state root mismatch from an executor bug: first differing storage slot", async () => {
    // Same ETH effects, but bob's token transfer moves 6 instead of 5 to carol.
    const bad = buggy(parallel, (t) => [
      t[0]!,
      signTx(bob, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(carol.address, 6n), gasLimit: 80_000n }),
      ...t.slice(2),
    ]);
    const r = await verifyBlock({ executor: bad, reference: sequential, stateStore: store }, root, env, txs, headerOf(expected));
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "stateRoot");
    assert.equal(r.mismatch.cause, "executor-mismatch");
    const d = r.mismatch.firstDifference;
    assert.equal(d?.kind, "slot");
    if (d?.kind !== "slot") return;
    assert.equal(d.address, bytesToHex(TOKEN_ADDR));
    assert.ok([addressSlot(bob.address), addressSlot(carol.address)].includes(d.slot ?? ""), `slot ${d.slot}`);
    assert.notEqual(d.expected, d.actual);
  });

  it("an invalid transaction makes the block invalid (field transaction, receipt index)", async () => {
    const replay = [...txs, txs[0]!];
    const r = await verifyBlock({ executor: parallel, stateStore: store }, root, env, replay, headerOf(expected));
    assert.equal(r.status, "invalid");
    if (r.status !== "invalid") return;
    assert.equal(r.mismatch.field, "transaction");
    assert.equal(r.mismatch.actual, "nonce too low");
    assert.deepEqual(r.mismatch.firstDifference, { kind: "receipt", index: 4, field: "validity" });
  });
});
