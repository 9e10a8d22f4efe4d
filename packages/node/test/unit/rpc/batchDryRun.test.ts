import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Block } from "@eigenchain/chain";
import { createChainCommon, decodeTransaction, parseGenesisJson } from "@eigenchain/chain";
import type { StateStore } from "@eigenchain/executor";
import { createStateStore } from "@eigenchain/executor";
import { createParallelPool } from "@eigenchain/mempool";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { createGenesisBlock } from "../../../src/chain/genesisBlock.js";
import { BatchDryRunner } from "../../../src/rpc/batchDryRun.js";
import { getBatchForExecution } from "../../../src/rpc/poolAnalysis.js";
import type { BlockStore } from "../../../src/store/blockStore.js";

const genesis = parseGenesisJson(readFileSync(new URL("../../../../../genesis/devnet.json", import.meta.url), "utf8"));
const common = createChainCommon(genesis.chainId);
const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
].map((k) => hexToBytes(k as `0x${string}`));
const RECIPIENT: `0x${string}` = "0x000000000000000000000000000000000000dEaD";

function rawTx(key: Uint8Array, nonce: bigint, to: `0x${string}` = RECIPIENT): string {
  const tx = createFeeMarket1559Tx(
    { nonce, gasLimit: 21_000n, to, value: 1n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n },
    { common },
  ).sign(key);
  return bytesToHex(tx.serialize());
}

function memoryDb() {
  const map = new Map<string, Uint8Array>();
  return { get: async (key: Uint8Array) => map.get(bytesToHex(key)) };
}

describe("BatchDryRunner", () => {
  let stateStore: StateStore;
  let head: Block;
  let runner: BatchDryRunner;
  const pool = createParallelPool(
    { recovery: "main" },
    { common, state: { getNonce: async () => 0n, getBalance: async () => 10n ** 22n } },
  );

  before(async () => {
    stateStore = await createStateStore({ db: memoryDb() }, { common });
    head = createGenesisBlock(genesis, await stateStore.buildGenesis(genesis), common);
    const store = { getHead: () => head } as unknown as BlockStore;
    // Two workers even on a small machine, so the optimistic path (and its conflicts) runs.
    runner = new BatchDryRunner({ parallelWorkers: 2 }, { common, store, stateStore, coinbase: genesis.coinbase });
  });

  after(async () => {
    await runner.close();
    await pool.close();
  });

  it("runs a batch both ways, reports results, conflicts and times, and commits nothing", async () => {
    const txs = [
      rawTx(KEYS[0]!, 0n),
      rawTx(KEYS[1]!, 0n),
      rawTx(KEYS[2]!, 0n, "0x0000000000000000000000000000000000000001"),
      rawTx(KEYS[2]!, 7n),
    ];
    const batch = getBatchForExecution(pool, { transactions: txs.map((t) => hexToBytes(t as `0x${string}`)) });
    const result = await runner.run(batch, [], head.header.timestamp + 1n);
    // The third calls the ecrecover precompile with no gas left for it: failed, gas still charged.
    assert.deepEqual(
      result.transactions.map((t) => t.status),
      ["success", "success", "failed", "skipped"],
    );
    assert.match(result.transactions[2]?.error ?? "", /out of gas/);
    assert.match(result.transactions[3]?.error ?? "", /nonce too high/);
    assert.equal(result.gasUsed, "0xf618");
    assert.equal(result.identical, true, JSON.stringify(result.parallel));
    assert.ok(
      "mode" in result.parallel && result.parallel.mode === "parallel" && result.parallel.workers === 2,
      JSON.stringify(result.parallel),
    );
    assert.equal(typeof result.parallelMs, "number");
    assert.ok(result.sequentialMs > 0);
    // The second transfer pays the same recipient as the first: the executor's scheduler predicts that
    // dependency and holds it back until the first commits, so nothing runs on stale data (no conflict,
    // one incarnation each) and the results still equal the sequential run's.
    assert.deepEqual(result.conflicts, []);
    assert.equal(result.transactions[1]?.incarnations, 1);
    assert.equal(result.transactions[0]?.incarnations, 1);
    const balance = (await stateStore.view(head.header.stateRoot).getAccount(hexToBytes(RECIPIENT)))?.balance;
    assert.equal(balance, undefined, "the parent state is unchanged");
  });

  it("runs the earlier batches of a selection first", async () => {
    const batch = getBatchForExecution(pool, { transactions: [hexToBytes(rawTx(KEYS[0]!, 1n) as `0x${string}`)] });
    const prefix = [decodeTransaction(hexToBytes(rawTx(KEYS[0]!, 0n) as `0x${string}`), common)];
    const result = await runner.run(batch, prefix, head.header.timestamp + 1n);
    assert.equal(result.prefixTransactions, 1);
    assert.deepEqual(
      result.transactions.map((t) => t.status),
      ["success"],
    );
  });
});
