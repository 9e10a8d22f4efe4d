// ExecutionHistory: the committed blocks' stats as eigen_getBlockExecution serves them (timeline hashes, batch layout, capacity).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import { createChainBlock, createChainCommon } from "@eigenchain/chain";
import type { ExecutionStats } from "@eigenchain/executor";
import type { BlockSelection } from "@eigenchain/mempool";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { ChainEvents } from "../../../src/chain/chainEvents.js";
import { ExecutionHistory } from "../../../src/dashboard/executionHistory.js";

const common = createChainCommon(57710n);
const KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const txs: TypedTransaction[] = [0n, 1n, 2n].map((nonce) =>
  createFeeMarket1559Tx({ nonce, gasLimit: 21_000n, maxFeePerGas: 10n, to: `0x${"11".repeat(20)}`, chainId: 57710n }, { common }).sign(KEY),
);
const hashOf = (tx: TypedTransaction): string => bytesToHex(tx.hash());

function block(number: bigint, included: TypedTransaction[]) {
  return createChainBlock({ number, gasLimit: 30_000_000n, baseFeePerGas: 1n, timestamp: number }, included, common);
}

function stats(timeline: NonNullable<ExecutionStats["timeline"]>): ExecutionStats {
  return {
    mode: "parallel",
    workers: 2,
    executionMs: 12,
    rootMs: 3,
    conflicts: 1,
    reexecutions: 1,
    timeline,
    sequentialEstimateMs: 9,
    phases: { recoveryMs: 1, scheduleMs: 0, executeMs: 6, validateMs: 1, reexecuteMs: 1, rootMs: 3, receiptsMs: 0 },
  };
}

const T0 = 1_700_000_000_000;

describe("ExecutionHistory", () => {
  it("serves a re-executed block: timeline indexes are block positions, times relative to the first start, no batches", () => {
    const events = new ChainEvents();
    const history = new ExecutionHistory({ capacity: 8 }, { events });
    const b = block(1n, [txs[0]!, txs[1]!]);
    const s = stats([
      { worker: 0, index: 0, incarnation: 0, startMs: T0 + 1, endMs: T0 + 3 },
      { worker: 1, index: 1, incarnation: 0, startMs: T0, endMs: T0 + 2 },
      { worker: -1, index: 1, incarnation: 1, startMs: T0 + 4, endMs: T0 + 5 },
    ]);
    events.emit("block", { block: b, receipts: [], stats: s });
    const got = history.getByNumber(1n);
    assert.ok(got !== null);
    assert.equal(got.hash, bytesToHex(b.hash()));
    assert.equal(got.builtHere, false);
    assert.equal(got.batches, null);
    assert.equal(got.startedAt, T0);
    assert.equal(got.speedup, 1.5);
    assert.equal(got.parallelMs, 6);
    assert.deepEqual(got.timeline, [
      { transactionHash: hashOf(txs[0]!), transactionIndex: 0, worker: 0, incarnation: 0, startMs: 1, endMs: 3 },
      { transactionHash: hashOf(txs[1]!), transactionIndex: 1, worker: 1, incarnation: 0, startMs: 0, endMs: 2 },
      { transactionHash: hashOf(txs[1]!), transactionIndex: 1, worker: -1, incarnation: 1, startMs: 4, endMs: 5 },
    ]);
    assert.deepEqual(history.getByHash(got.hash.toUpperCase().replace("0X", "0x")), got);
    history.close();
    assert.equal(events.listenerCount("block"), 0);
  });

  it("serves a block this node built: indexes point into the candidates, batches mark what was left out", () => {
    const events = new ChainEvents();
    const history = new ExecutionHistory({ capacity: 8 }, { events });
    // Candidate 1 was left out by the builder; the block holds candidates 0 and 2.
    const s = stats([
      { worker: 0, index: 0, incarnation: 0, startMs: T0, endMs: T0 + 1 },
      { worker: 1, index: 2, incarnation: 0, startMs: T0, endMs: T0 + 1 },
    ]);
    const pooled = (tx: TypedTransaction) => ({ tx, hash: tx.hash(), sender: new Uint8Array(20), raw: new Uint8Array(), local: true });
    const selection: BlockSelection = {
      batches: [
        { id: "0xaa", transactions: [pooled(txs[0]!), pooled(txs[1]!)] },
        { id: "0xbb", transactions: [pooled(txs[2]!)] },
      ],
      transactions: txs,
      gasLimit: 30_000_000n,
    };
    history.recordBuilt(s, selection);
    events.emit("block", { block: block(1n, [txs[0]!, txs[2]!]), receipts: [], stats: s });
    const got = history.getByNumber(1n)!;
    assert.equal(got.builtHere, true);
    assert.deepEqual(
      got.timeline.map((t) => [t.transactionHash, t.transactionIndex]),
      [
        [hashOf(txs[0]!), 0],
        [hashOf(txs[2]!), 1],
      ],
    );
    assert.deepEqual(got.batches, [
      { id: "0xaa", transactions: [hashOf(txs[0]!), hashOf(txs[1]!)], included: [true, false] },
      { id: "0xbb", transactions: [hashOf(txs[2]!)], included: [true] },
    ]);
  });

  it("keeps the last `capacity` blocks; a block without stats or an unknown one is null", () => {
    const events = new ChainEvents();
    const history = new ExecutionHistory({ capacity: 2 }, { events });
    for (const n of [1n, 2n, 3n]) events.emit("block", { block: block(n, []), receipts: [], stats: stats([]) });
    events.emit("block", { block: block(4n, []), receipts: [] });
    assert.equal(history.getByNumber(1n), null);
    assert.equal(history.getByNumber(2n)?.timeline.length, 0);
    assert.equal(history.getByNumber(2n)?.startedAt, null);
    assert.ok(history.getByNumber(3n) !== null);
    assert.equal(history.getByNumber(4n), null);
    assert.equal(history.getByHash(`0x${"00".repeat(32)}`), null);
  });
});
