import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isEigenError } from "@eigenchain/chain";
import { createBlock } from "@ethereumjs/block";
import { MerkleStateManager } from "@ethereumjs/statemanager";
import { Account, Address, bytesToHex, createContractAddress } from "@ethereumjs/util";
import { createVM, runTx } from "@ethereumjs/vm";
import type { BlockEnv } from "../../src/index.js";
import { createSequentialExecutor, createStateStore } from "../../src/index.js";
import {
  BASE_FEE,
  COUNTER,
  common,
  createAccount,
  createEnv,
  createGenesis,
  createMemoryDb,
  deployCode,
  LOOP,
  REVERTER,
  signTx,
} from "../utils/fixtures.js";

const alice = createAccount(0);
const bob = createAccount(1);
const poor = createAccount(2);
const ETH = 10n ** 18n;

async function setup() {
  const store = await createStateStore({ db: createMemoryDb() }, { common });
  const genesis = createGenesis({ [alice.hex]: { balance: 100n * ETH }, [poor.hex]: { balance: 1000n } });
  const root = await store.buildGenesis(genesis);
  const executor = createSequentialExecutor({}, { stateStore: store, common });
  return { store, root, executor, genesis };
}

/** The same transactions through ethereumjs's own MerkleStateManager: the root must agree. */
async function referenceRoot(genesis: ReturnType<typeof createGenesis>, env: BlockEnv, txs: ReturnType<typeof signTx>[]): Promise<string> {
  const stateManager = new MerkleStateManager({ common });
  for (const [addr, a] of genesis.alloc) {
    await stateManager.putAccount(new Address(Buffer.from(addr.slice(2), "hex")), new Account(a.nonce, a.balance));
  }
  const vm = await createVM({ common, stateManager });
  const block = createBlock(
    {
      header: {
        number: env.number,
        timestamp: env.timestamp,
        gasLimit: env.gasLimit,
        baseFeePerGas: env.baseFeePerGas,
        coinbase: env.coinbase,
        mixHash: env.prevRandao,
        parentHash: env.parentHash,
      },
    },
    { common, setHardfork: false, skipConsensusFormatValidation: true },
  );
  for (const tx of txs) await runTx(vm, { tx, block, skipHardForkValidation: true });
  return bytesToHex(await stateManager.getStateRoot());
}

describe("sequential executor", () => {
  it("transfer, deploy, call, revert and out-of-gas receipts; root equals ethereumjs", async () => {
    const { store, root, executor, genesis } = await setup();
    const env = createEnv();
    const counterAddr = createContractAddress(new Address(alice.address), 1n).bytes;
    const reverterAddr = createContractAddress(new Address(alice.address), 3n).bytes;
    const txs = [
      signTx(alice, { nonce: 0n, to: bob.address, value: ETH, gasLimit: 21_000n }),
      signTx(alice, { nonce: 1n, data: deployCode(COUNTER), gasLimit: 200_000n }),
      signTx(alice, { nonce: 2n, to: counterAddr, gasLimit: 100_000n }),
      signTx(alice, { nonce: 3n, data: deployCode(REVERTER), gasLimit: 200_000n }),
      signTx(alice, { nonce: 4n, to: reverterAddr, gasLimit: 100_000n }),
      signTx(alice, { nonce: 5n, data: deployCode(LOOP), gasLimit: 200_000n }),
      signTx(alice, { nonce: 6n, to: createContractAddress(new Address(alice.address), 5n).bytes, gasLimit: 60_000n, type: 0 }),
    ];
    const result = await executor.executeBlock(root, env, txs);
    assert.equal(bytesToHex(result.stateRoot), await referenceRoot(genesis, env, txs));
    const [transfer, deploy, call, , revert, , oog] = result.transactions;
    assert.equal(transfer!.gasUsed, 21_000n);
    assert.equal(transfer!.receipt.status, 1);
    assert.equal(transfer!.effectiveGasPrice, BASE_FEE + 2n);
    assert.deepEqual(deploy!.contractAddress, counterAddr);
    assert.equal(call!.logs.length, 1);
    assert.equal(call!.logs[0]!.data[31], 1);
    assert.equal(revert!.receipt.status, 0);
    assert.equal(revert!.error, "revert");
    assert.equal(revert!.revertData![31], 0x2a);
    assert.equal(oog!.receipt.status, 0);
    assert.equal(oog!.error, "out of gas");
    assert.equal(oog!.gasUsed, 60_000n);
    assert.equal(result.gasUsed, result.transactions.at(-1)!.receipt.cumulativeGasUsed);
    const view = store.view(result.stateRoot);
    assert.equal((await view.getAccount(bob.address))?.balance, ETH);
    // Priority fee to the coinbase, base fee burnt.
    const tips = result.transactions.reduce((sum, t) => sum + t.gasUsed * (t.effectiveGasPrice - BASE_FEE), 0n);
    const paid = result.transactions.reduce((sum, t) => sum + t.gasUsed * t.effectiveGasPrice, 0n);
    assert.equal((await view.getAccount(env.coinbase))?.balance, tips);
    assert.equal((await view.getAccount(alice.address))?.balance, 100n * ETH - ETH - paid);
    assert.equal((await view.getStorageAt(counterAddr, new Uint8Array(32)))[31], 1);
    await executor.close();
  });

  it("buildBlock skips invalid candidates with geth's reasons", async () => {
    const { store, root, executor } = await setup();
    const env = createEnv({ gasLimit: 21_000n * 3n });
    const candidates = [
      signTx(alice, { nonce: 0n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 0n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 5n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(poor, { nonce: 0n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 1n, to: bob.address, value: 1n, gasLimit: 20_000n }),
      signTx(alice, { nonce: 1n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 2n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 3n, to: bob.address, value: 1n, gasLimit: 21_000n }),
    ];
    const result = await executor.buildBlock(root, env, candidates);
    assert.equal(result.transactions.length, 3);
    assert.deepEqual(
      result.skipped.map((s) => s.reason),
      ["nonce too low", "nonce too high", "insufficient funds for gas * price + value", "intrinsic gas too low", "gas limit reached"],
    );
    assert.equal((await store.view(result.stateRoot).getAccount(bob.address))?.balance, 3n);
    await assert.rejects(
      executor.executeBlock(root, env, candidates.slice(0, 2)),
      (err) => isEigenError(err, "EXECUTOR_INVALID_TRANSACTION") && /nonce too low/.test((err as Error).message),
    );
    await executor.close();
  });

  it("call returns data, reports reverts and writes nothing", async () => {
    const { store, root, executor } = await setup();
    const env = createEnv();
    const built = await executor.executeBlock(root, env, [
      signTx(alice, { nonce: 0n, data: deployCode(COUNTER), gasLimit: 200_000n }),
      signTx(alice, { nonce: 1n, data: deployCode(REVERTER), gasLimit: 200_000n }),
    ]);
    const counter = built.transactions[0]!.contractAddress!;
    const reverter = built.transactions[1]!.contractAddress!;
    const before = store.pendingWrites(built.stateRoot).length;
    for (let i = 0; i < 2; i++) {
      const r = await executor.call(built.stateRoot, env, { to: counter });
      assert.equal(r.reverted, false);
      assert.equal(r.returnData[31], 1);
    }
    const rev = await executor.call(built.stateRoot, env, { to: reverter, from: poor.address });
    assert.equal(rev.reverted, true);
    assert.equal(rev.error, "execution reverted");
    assert.equal(rev.returnData[31], 0x2a);
    assert.equal((await store.view(built.stateRoot).getStorageAt(counter, new Uint8Array(32)))[31], 0);
    assert.equal(store.pendingWrites(built.stateRoot).length, before);
    await executor.close();
  });

  it("builds on an uncommitted root", async () => {
    const { store, root, executor } = await setup();
    const b1 = await executor.executeBlock(root, createEnv(), [
      signTx(alice, { nonce: 0n, to: bob.address, value: 5n, gasLimit: 21_000n }),
    ]);
    const b2 = await executor.executeBlock(b1.stateRoot, createEnv({ number: 2n }), [
      signTx(alice, { nonce: 1n, to: bob.address, value: 5n, gasLimit: 21_000n }),
    ]);
    assert.equal((await store.view(b2.stateRoot).getAccount(bob.address))?.balance, 10n);
    assert.equal((await store.view(b1.stateRoot).getAccount(bob.address))?.balance, 5n);
    await executor.close();
  });
});
