import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createAccessList2930Tx } from "@ethereumjs/tx";
import { computePlainTransfer, getTransferFields, matchPlainTransfer, readTransferFields } from "../../src/parallel/plainTransfer.js";
import type { AccountData } from "../../src/state/account.js";
import { createEmptyAccount } from "../../src/state/account.js";
import { bytesToHexFast } from "../../src/state/bytes.js";
import { createWorld, summarize } from "../utils/blocks.js";
import { openExecutorPair } from "../utils/executorPair.js";
import { common, createAccount, createEnv, signTx } from "../utils/fixtures.js";

const alice = createAccount(1);
const bob = createAccount(2);
/** As the EVM keys them: unprefixed lower-case addresses. */
const PRECOMPILES = new Map([["0000000000000000000000000000000000000001", null]]);
const env = { baseFee: 5n, blockGasLimit: 30_000_000n };
const COINBASE_HEX = "c0".repeat(20);
const funded = (balance = 10n ** 18n, nonce = 0n): AccountData => ({ ...createEmptyAccount(), balance, nonce });
const withCode: AccountData = { ...funded(), codeHash: new Uint8Array(32).fill(1) };
const signTransfer = (p: Partial<Parameters<typeof signTx>[1]> = {}) =>
  signTx(alice, { nonce: 0n, to: bob.address, value: 1_000n, gasLimit: 21_000n, maxFeePerGas: 10n, maxPriorityFeePerGas: 2n, ...p });
const transfer = (p: Partial<Parameters<typeof signTx>[1]> = {}) => getTransferFields(signTransfer(p));

describe("plain transfer fast path", () => {
  it("moves the value, charges 21,000 gas at base fee + tip, credits the tip", () => {
    const out = computePlainTransfer(transfer(), funded(), funded(7n), env);
    assert.ok(out !== null);
    assert.equal(out.sender.nonce, 1n);
    assert.equal(out.sender.balance, 10n ** 18n - 1_000n - 21_000n * 7n);
    assert.equal(out.recipient?.balance, 1_007n);
    assert.equal(out.execution.gasUsed, 21_000n);
    assert.equal(out.execution.effectiveGasPrice, 7n);
    assert.equal(out.execution.minerValue, 21_000n * 2n);
    // A legacy transfer pays its gas price; a new recipient is created with the value.
    const legacy = computePlainTransfer(transfer({ type: 0, maxFeePerGas: 9n }), funded(), undefined, env);
    assert.equal(legacy?.execution.effectiveGasPrice, 9n);
    assert.deepEqual(legacy?.recipient, { ...createEmptyAccount(), balance: 1_000n });
  });

  const declined: [string, () => ReturnType<typeof computePlainTransfer>][] = [
    ["a missing sender", () => computePlainTransfer(transfer(), undefined, funded(), env)],
    ["a sender with code", () => computePlainTransfer(transfer(), withCode, funded(), env)],
    ["a nonce that is not the sender's", () => computePlainTransfer(transfer({ nonce: 1n }), funded(), funded(), env)],
    [
      "funds below value + gas limit × fee cap",
      () => computePlainTransfer(transfer({ gasLimit: 30_000n }), funded(1_000n + 21_000n * 10n), funded(), env),
    ],
    [
      "a fee cap under the base fee",
      () => computePlainTransfer(transfer({ maxFeePerGas: 4n, maxPriorityFeePerGas: 1n }), funded(), funded(), env),
    ],
    ["no tip for the coinbase", () => computePlainTransfer(transfer({ maxPriorityFeePerGas: 0n }), funded(), funded(), env)],
    ["a recipient with code", () => computePlainTransfer(transfer(), funded(), withCode, env)],
    ["zero value to a missing account", () => computePlainTransfer(transfer({ value: 0n }), funded(), undefined, env)],
    ["zero value to an empty account (EIP-161 deletes it)", () => computePlainTransfer(transfer({ value: 0n }), funded(), funded(0n), env)],
    [
      "a gas limit under 21,000's block room",
      () => computePlainTransfer(transfer(), funded(), funded(), { ...env, blockGasLimit: 20_999n }),
    ],
  ];
  for (const [what, run] of declined) it(`leaves ${what} to runTx`, () => assert.equal(run(), null));

  it("matches only value transfers between two ordinary addresses", () => {
    const from = bytesToHexFast(alice.address);
    assert.deepEqual(matchPlainTransfer(transfer(), from, COINBASE_HEX, PRECOMPILES), {
      senderHex: from,
      recipientHex: bytesToHexFast(bob.address),
    });
    assert.equal(matchPlainTransfer(transfer({ data: Uint8Array.of(1) }), from, COINBASE_HEX, PRECOMPILES), null);
    assert.equal(
      matchPlainTransfer(transfer({ to: new Uint8Array(20).fill(0).map((_, i) => (i === 19 ? 1 : 0)) }), from, COINBASE_HEX, PRECOMPILES),
      null,
    );
    assert.equal(matchPlainTransfer(transfer(), from, bytesToHexFast(bob.address), PRECOMPILES), null);
    assert.equal(matchPlainTransfer(transfer({ to: alice.address }), from, COINBASE_HEX, PRECOMPILES), null);
    assert.equal(
      matchPlainTransfer(getTransferFields(signTx(alice, { nonce: 0n, data: Uint8Array.of(0) })), from, COINBASE_HEX, PRECOMPILES),
      null,
    );
  });

  it("reads the same fields from a transaction's bytes as from the decoded transaction; other types are not read", () => {
    const access = createAccessList2930Tx(
      { nonce: 3n, gasPrice: 9n, gasLimit: 30_000n, to: bob.address, value: 5n, accessList: [], chainId: common.chainId() },
      { common },
    ).sign(alice.key);
    const samples = [
      signTransfer(),
      signTransfer({ type: 0, maxFeePerGas: 12n, value: 0n }),
      signTransfer({ data: Uint8Array.of(1, 2, 3), nonce: 9n }),
      signTx(alice, { nonce: 1n, data: Uint8Array.of(0x60, 0) }), // a contract creation
      access,
    ];
    for (const tx of samples) assert.deepEqual(readTransferFields(tx.serialize()), getTransferFields(tx));
    assert.equal(readTransferFields(Uint8Array.of(0x04, 0xc0)), null);
    assert.equal(readTransferFields(Uint8Array.of(0x05, 0xc0)), null);
    assert.equal(readTransferFields(Uint8Array.of(0x02, 0xff)), null);
  });

  it("a block of transfers to precompiles, low addresses, new, empty and coded accounts runs as the sequential reference runs it", async () => {
    const world = createWorld(6);
    const low = (n: number) => Uint8Array.from({ length: 20 }, (_, i) => (i === 18 ? n >> 8 : i === 19 ? n & 0xff : 0));
    const targets = [low(1), low(4), low(0x11), low(0x100), low(0x1000), world.users[5]!.address, createAccount(77).address];
    const txs = targets.flatMap((to, k) =>
      [0n, 3n].map((value, j) => signTx(world.users[k % 5]!, { nonce: BigInt(Math.floor(k / 5) * 2 + j), to, value, gasLimit: 50_000n })),
    );
    const { root, sequential, parallel, close } = await openExecutorPair(world.genesis);
    try {
      const env = createEnv();
      assert.deepEqual(summarize(await parallel.buildBlock(root, env, txs)), summarize(await sequential.buildBlock(root, env, txs)));
    } finally {
      await close();
    }
  });
});
