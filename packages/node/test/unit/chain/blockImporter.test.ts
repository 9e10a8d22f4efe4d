import assert from "node:assert/strict";
import { it } from "node:test";
import type { Block, TypedTransaction } from "@eigenchain/chain";
import { createChainBlock, createChainCommon, decodeBlock, decodeTransaction, encodeBlock } from "@eigenchain/chain";
import type { BlockExecutor, StateStore } from "@eigenchain/executor";
import { computeTransactionsRoot } from "@eigenchain/executor";
import type { PooledTransaction } from "@eigenchain/mempool";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { BlockImporter } from "../../../src/chain/blockImporter.js";
import { createNextBlockEnv } from "../../../src/chain/nextBlockEnv.js";
import { RecentBlockHashes } from "../../../src/chain/recentBlockHashes.js";
import { createNoopLogger } from "../../../src/logger.js";
import type { BlockStore } from "../../../src/store/blockStore.js";

const common = createChainCommon(57710n);
const keys = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
];

it("a proposal's transactions that the pool holds reach the executor with the pool's recovered keys; the others without", async () => {
  const parent = createChainBlock({ number: 0n, gasLimit: 30_000_000n, baseFeePerGas: 7n, timestamp: 1n }, [], common);
  const signed = keys.map((k) =>
    createFeeMarket1559Tx(
      { nonce: 0n, maxFeePerGas: 100n, gasLimit: 21_000n, to: "0x0000000000000000000000000000000000001000" },
      { common },
    ).sign(hexToBytes(k as `0x${string}`)),
  );
  // The pool admitted the first (its key recovered then); the second it never saw.
  const pooled = decodeTransaction(signed[0]!.serialize(), common);
  pooled.getSenderPublicKey();
  const pool = new Map<string, PooledTransaction>([[bytesToHex(pooled.hash()), { tx: pooled } as PooledTransaction]]);
  const env = createNextBlockEnv(parent, 2n, new Uint8Array(20));
  const proposal = createChainBlock({ ...env, mixHash: env.prevRandao, transactionsTrie: computeTransactionsRoot(signed) }, signed, common);
  const received = decodeBlock(encodeBlock(proposal), common); // as from gossip: no keys yet
  let seen: readonly TypedTransaction[] = [];
  const executor = {
    executeBlock: async (_root: Uint8Array, _env: unknown, txs: readonly TypedTransaction[]) => {
      seen = txs;
      throw new Error("stop here");
    },
  } as unknown as BlockExecutor;
  const store = { getHead: () => parent, getBlockByNumber: async () => parent } as unknown as BlockStore;
  const importer = new BlockImporter(
    { validatorSetHash: null },
    {
      store,
      stateStore: {} as StateStore,
      executor,
      reference: null,
      recentHashes: new RecentBlockHashes(store),
      logger: createNoopLogger(),
      mempool: { get: (hash: Uint8Array) => pool.get(bytesToHex(hash)) },
    },
  );
  await assert.rejects(importer.verify(received as Block), /stop here/);
  assert.equal(seen.length, 2);
  assert.deepEqual(seen[0]!.cache.senderPubKey, pooled.cache.senderPubKey);
  assert.equal(seen[1]!.cache.senderPubKey, undefined);
});
