import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createChainBlock, createChainCommon, createLogsBloom, isEigenError } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes, hexToBytes } from "@ethereumjs/util";
import { BlockStore } from "../../../src/store/blockStore.js";
import { openChainDatabase } from "../../../src/store/openChainDatabase.js";
import type { StoredReceipt } from "../../../src/store/storedReceipt.js";
import { decodeStoredReceipts, encodeStoredReceipts } from "../../../src/store/storedReceipt.js";

const common = createChainCommon(57710n);
const KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const dirs: string[] = [];

function tempDatadir(): string {
  const dir = mkdtempSync(join(tmpdir(), "eigen-store-"));
  dirs.push(dir);
  return join(dir, "data");
}

function makeBlock(number: bigint, parentHash: Uint8Array, txCount: number) {
  const txs = Array.from({ length: txCount }, (_, nonce) =>
    createFeeMarket1559Tx(
      {
        nonce: BigInt(nonce),
        to: `0x${"22".repeat(20)}`,
        value: 1n,
        gasLimit: 21000n,
        maxFeePerGas: 10n ** 10n,
        maxPriorityFeePerGas: 1n,
        chainId: 57710n,
      },
      { common },
    ).sign(KEY),
  );
  return createChainBlock({ number, parentHash, gasLimit: 30_000_000n, baseFeePerGas: 10n ** 9n, timestamp: number }, txs, common);
}

function makeReceipt(index: number): StoredReceipt {
  const logs = [{ address: new Uint8Array(20).fill(7), topics: [new Uint8Array(32).fill(index)], data: Uint8Array.of(1, 2, 3) }];
  return {
    receipt: {
      txType: 2,
      status: 1,
      cumulativeGasUsed: 21000n * BigInt(index + 1),
      logsBloom: createLogsBloom(logs),
      logs,
    },
    gasUsed: 21000n,
    effectiveGasPrice: 10n ** 9n + 1n,
    sender: new Uint8Array(20).fill(9),
    ...(index === 0 ? { contractAddress: new Uint8Array(20).fill(5) } : {}),
  };
}

describe("BlockStore", () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("round-trips stored receipts", () => {
    const receipts = [makeReceipt(0), makeReceipt(1)];
    assert.deepEqual(decodeStoredReceipts(encodeStoredReceipts(receipts)), receipts);
  });

  it("stores a receipt without logs without its all-zero bloom, and still reads one stored with it", () => {
    const withoutLogs = makeReceipt(1);
    withoutLogs.receipt = { ...withoutLogs.receipt, logs: [], logsBloom: new Uint8Array(256) };
    const encoded = encodeStoredReceipts([withoutLogs]);
    assert.ok(encoded.length < 100, `${encoded.length} bytes`);
    assert.deepEqual(decodeStoredReceipts(encoded), [withoutLogs]);
    // The earlier layout: the 256 zero bytes in place.
    const { receipt } = withoutLogs;
    const earlier = RLP.encode([
      [
        Uint8Array.of(2),
        Uint8Array.of(1),
        bigIntToUnpaddedBytes(receipt.cumulativeGasUsed),
        new Uint8Array(256),
        [],
        bigIntToUnpaddedBytes(withoutLogs.gasUsed),
        bigIntToUnpaddedBytes(withoutLogs.effectiveGasPrice),
        withoutLogs.sender,
        new Uint8Array(),
      ],
    ]);
    assert.deepEqual(decodeStoredReceipts(earlier), [withoutLogs]);
  });

  it("commits blocks atomically with receipts, tx index, state writes and head, and reloads them", async () => {
    const datadir = tempDatadir();
    let store = new BlockStore(await openChainDatabase(datadir, { create: true }), common, datadir);
    const genesis = makeBlock(0n, new Uint8Array(32), 0);
    await store.commitBlock(genesis, [], [{ key: Uint8Array.of(1), value: Uint8Array.of(2) }], { genesisText: '{"genesis":true}' });
    const block1 = makeBlock(1n, genesis.hash(), 2);
    const receipts = [makeReceipt(0), makeReceipt(1)];
    await store.commitBlock(block1, receipts, []);
    assert.equal(store.getHead().header.number, 1n);
    await store.close();

    const db = await openChainDatabase(datadir, { create: false });
    assert.equal(await BlockStore.readStoredGenesis(db), '{"genesis":true}');
    store = new BlockStore(db, common, datadir);
    const head = await store.loadHead();
    assert.deepEqual(head?.hash(), block1.hash());
    assert.deepEqual((await store.getBlockByHash(genesis.hash()))?.hash(), genesis.hash());
    // LevelDB hands back Buffers: compare the encodings.
    assert.deepEqual(encodeStoredReceipts((await store.getReceipts(1n))!), encodeStoredReceipts(receipts));
    assert.deepEqual(await store.getTxLocation(block1.transactions[1]!.hash()), { blockNumber: 1n, index: 1 });
    assert.equal(await store.getTxLocation(new Uint8Array(32)), undefined);
    assert.equal(await store.getBlockByNumber(2n), undefined);
    assert.deepEqual([...((await store.stateDb.get(Uint8Array.of(1))) ?? [])], [2]);
    await store.close();
  });

  it("writes nothing of a staged block until it is committed, and nothing of one discarded", async () => {
    const datadir = tempDatadir();
    let store = new BlockStore(await openChainDatabase(datadir, { create: true }), common, datadir);
    const genesis = makeBlock(0n, new Uint8Array(32), 0);
    await store.commitBlock(genesis, [], []);
    const dropped = store.stageBlock(
      makeBlock(1n, genesis.hash(), 1),
      [makeReceipt(0)],
      [{ key: Uint8Array.of(3), value: Uint8Array.of(4) }],
    );
    const block1 = makeBlock(1n, genesis.hash(), 2);
    const staged = store.stageBlock(block1, [makeReceipt(0), makeReceipt(1)], [{ key: Uint8Array.of(1), value: Uint8Array.of(2) }]);
    assert.equal(store.getHead().header.number, 0n, "staging moves no head");
    assert.equal(await store.getBlockByNumber(1n), undefined);
    assert.equal(await store.getTxLocation(block1.transactions[0]!.hash()), undefined);
    await store.discardStaged(dropped);
    await store.commitStaged(staged);
    assert.deepEqual(store.getHead().hash(), block1.hash());
    await store.close();

    store = new BlockStore(await openChainDatabase(datadir, { create: false }), common, datadir);
    assert.deepEqual((await store.loadHead())?.hash(), block1.hash());
    assert.deepEqual(await store.getTxLocation(block1.transactions[1]!.hash()), { blockNumber: 1n, index: 1 });
    assert.deepEqual(encodeStoredReceipts((await store.getReceipts(1n))!), encodeStoredReceipts([makeReceipt(0), makeReceipt(1)]));
    assert.deepEqual([...((await store.stateDb.get(Uint8Array.of(1))) ?? [])], [2]);
    assert.equal(await store.stateDb.get(Uint8Array.of(3)), undefined, "the discarded block's state write never landed");
    await store.close();
  });

  it("reports a locked datadir and a datadir that is not initialized", async () => {
    const datadir = tempDatadir();
    const db = await openChainDatabase(datadir, { create: true });
    await assert.rejects(openChainDatabase(datadir, { create: true }), (err: unknown) => {
      assert.ok(isEigenError(err, "NODE_DATADIR_LOCKED"), String(err));
      assert.match((err as Error).message, /^datadir is locked by another process/);
      return true;
    });
    await db.close();
    await assert.rejects(openChainDatabase(tempDatadir(), { create: false }), (err: unknown) =>
      isEigenError(err, "NODE_DATADIR_UNINITIALIZED"),
    );
  });
});
