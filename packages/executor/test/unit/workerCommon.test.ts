import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { createFeeMarket1559Tx, createLegacyTx, createTxFromRLP } from "@ethereumjs/tx";
import { bytesToHex, computeVersionedHash, concatBytes, hexToBytes } from "@ethereumjs/util";
import { createAcceptingKzg } from "../utils/acceptingKzg.js";
import { summarize } from "../utils/blocks.js";
import { openExecutorPair } from "../utils/executorPair.js";
import { createAccount, createEnv, createGenesis } from "../utils/fixtures.js";

// The workers rebuild the executor's Common and decode whatever the coordinator was given: a
// block of another chain and fork, with a transaction the RPC would refuse, runs on them as the
// sequential reference runs it.
describe("parallel executor workers: the executor's chain and fork, any valid transaction", () => {
  it("runs a Cancun block with a pre-EIP-155 transaction like the sequential reference", async () => {
    const cancun = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
    const homestead = new Common({ chain: Mainnet, hardfork: Hardfork.Homestead });
    const users = Array.from({ length: 4 }, (_, i) => createAccount(500 + i));
    const alloc: Parameters<typeof createGenesis>[0] = {};
    for (const u of users) alloc[u.hex] = { balance: 10n ** 20n };
    // Signed without a chain id (v = 27/28), as before EIP-155; still valid in every later fork.
    const unprotected = createLegacyTx(
      { nonce: 0n, gasPrice: 10n, gasLimit: 21_000n, to: users[3]!.address, value: 5n },
      { common: homestead },
    ).sign(users[0]!.key);
    assert.ok(unprotected.v === 27n || unprotected.v === 28n);
    // 1,000 non-zero calldata bytes to an account without code: 37,000 gas in Cancun; Prague's
    // calldata floor (EIP-7623) would charge 61,000.
    const heavy = createFeeMarket1559Tx(
      {
        nonce: 0n,
        maxFeePerGas: 10n,
        maxPriorityFeePerGas: 1n,
        gasLimit: 100_000n,
        to: users[3]!.address,
        data: new Uint8Array(1000).fill(0xab),
        chainId: 1n,
      },
      { common: cancun },
    ).sign(users[1]!.key);
    const plain = createFeeMarket1559Tx(
      { nonce: 0n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, to: users[0]!.address, value: 1n, chainId: 1n },
      { common: cancun },
    ).sign(users[2]!.key);
    const decode = () => [unprotected, heavy, plain].map((tx) => createTxFromRLP(tx.serialize(), { common: cancun }));
    const { root, sequential, parallel, close } = await openExecutorPair(createGenesis(alloc), undefined, cancun);
    try {
      const expected = await sequential.executeBlock(root, createEnv(), decode());
      assert.equal(expected.transactions[1]!.gasUsed, 37_000n);
      const got = await parallel.executeBlock(root, createEnv(), decode());
      assert.equal(got.stats.mode, "parallel");
      assert.deepEqual(summarize(got), summarize(expected));
    } finally {
      await close();
    }
  });

  it("gives the workers the KZG of workerKzgModule (the point-evaluation precompile runs there)", async () => {
    const cancun = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: createAcceptingKzg() as never } });
    const users = Array.from({ length: 3 }, (_, i) => createAccount(520 + i));
    const alloc: Parameters<typeof createGenesis>[0] = {};
    for (const u of users) alloc[u.hex] = { balance: 10n ** 20n };
    const commitment = new Uint8Array(48).fill(0x11);
    // versioned hash ‖ z ‖ y ‖ commitment ‖ proof: the stand-in KZG accepts the proof.
    const input = concatBytes(
      hexToBytes(computeVersionedHash(bytesToHex(commitment), 1)),
      new Uint8Array(64),
      commitment,
      new Uint8Array(48).fill(0x22),
    );
    const pointEvaluation = new Uint8Array(20);
    pointEvaluation[19] = 0x0a;
    const txs = () =>
      users.map((u, i) =>
        createFeeMarket1559Tx(
          {
            nonce: 0n,
            maxFeePerGas: 10n,
            maxPriorityFeePerGas: 1n,
            gasLimit: 100_000n,
            to: i === 0 ? pointEvaluation : users[(i + 1) % 3]!.address,
            data: i === 0 ? input : new Uint8Array(),
            value: 1n,
            chainId: 1n,
          },
          { common: cancun },
        ).sign(u.key),
      );
    const workerKzgModule = new URL("../utils/acceptingKzg.ts", import.meta.url).href;
    const { root, sequential, parallel, close } = await openExecutorPair(
      createGenesis(alloc),
      { workers: 2, minParallelTxs: 0, forceParallel: true, workerKzgModule },
      cancun,
    );
    try {
      const expected = await sequential.executeBlock(root, createEnv(), txs());
      assert.equal(expected.transactions[0]!.receipt.status, 1, "the precompile accepted the proof");
      const got = await parallel.executeBlock(root, createEnv(), txs());
      assert.deepEqual(summarize(got), summarize(expected));
      assert.ok(
        got.stats.timeline?.some((t) => t.index === 0 && t.worker >= 0),
        "a worker ran the precompile call",
      );
    } finally {
      await close();
    }
  });

  it("refuses a Common with a KZG unless the workers get one too", async () => {
    const withKzg = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: {} as never } });
    await assert.rejects(openExecutorPair(createGenesis({}), undefined, withKzg), /workerKzgModule/);
  });
});
