import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TypedTransaction } from "@eigenchain/chain";
import { createParallelTransaction } from "@eigenchain/chain";
import { Address, bytesToHex, createContractAddress, generateAddress2, setLengthLeft } from "@ethereumjs/util";
import type { BlockExecutor, TrieStateStore } from "../../src/index.js";
import { createEmptyAccount } from "../../src/state/account.js";
import { bytesToHexFast } from "../../src/state/bytes.js";
import { BINDING_ACCESS_ERROR } from "../../src/vm/txKernel.js";
import { ETH, summarize, TOKEN_ADDR } from "../utils/blocks.js";
import type { ExecutorPair } from "../utils/executorPair.js";
import { openExecutorPair } from "../utils/executorPair.js";
import type { TestAccount } from "../utils/fixtures.js";
import {
  addressSlot,
  BASE_FEE,
  CHAIN_ID,
  COUNTER,
  common,
  createAccount,
  createEnv,
  createGenesis,
  deployCode,
  hex,
  signTx,
  TOKEN,
  tokenTransferData,
} from "../utils/fixtures.js";

const alice = createAccount(0);
const bob = createAccount(1);
const carol = createAccount(2);
const dave = createAccount(3);
const COUNTER_ADDR = hex("000000000000000000000000000000000000c0de");
/** Whose balance BALANCE_READER reads. */
const WATCHED = hex("00000000000000000000000000000000000000aa");
const BALANCE_READER_ADDR = hex("000000000000000000000000000000000000ba1a");
/** Returns BALANCE(WATCHED); touches no storage. */
const BALANCE_READER = hex(`73${bytesToHexFast(WATCHED)}3160005260206000f3`);
const GATE_ADDR = hex("0000000000000000000000000000000000006a7e");
/** With calldata: slot0 = 1. Without: when slot0 ≠ 0, BALANCE(WATCHED) (the only touch outside itself). */
const GATE = hex(`3615600b57600160005500 5b60005415602b57 73${bytesToHexFast(WATCHED)}3150 00 5b00`);
const FACTORY_ADDR = hex("000000000000000000000000000000000000fac7");
/** CREATE2 (salt 1) of the calldata as init code. */
const FACTORY = hex("36600060003760013660006000f500");
const SLOT0 = new Uint8Array(32);
const MAX_FEE = 10n;
const TIP = 2n;
/** What a 0x05 transaction pays per gas with these fees (base fee 7, tip 2, cap 10). */
const GAS_PRICE = BASE_FEE + TIP;

function signParallel(
  from: TestAccount,
  p: { nonce: bigint; to?: Uint8Array; value?: bigint; data?: Uint8Array; gasLimit?: bigint; accessList?: [Uint8Array, Uint8Array[]][] },
): TypedTransaction {
  return createParallelTransaction(
    {
      chainId: CHAIN_ID,
      nonce: p.nonce,
      maxFeePerGas: MAX_FEE,
      maxPriorityFeePerGas: TIP,
      gasLimit: p.gasLimit ?? 100_000n,
      ...(p.to === undefined ? {} : { to: p.to }),
      value: p.value ?? 0n,
      data: p.data ?? new Uint8Array(),
      accessList: p.accessList ?? [],
    },
    { common },
  ).sign(from.key);
}

const genesis = createGenesis({
  [alice.hex]: { balance: 100n * ETH },
  [bob.hex]: { balance: 100n * ETH },
  [carol.hex]: { balance: 100n * ETH },
  [dave.hex]: { balance: 100n * ETH },
  [bytesToHex(WATCHED)]: { balance: 5n },
  [bytesToHex(COUNTER_ADDR)]: { code: COUNTER },
  [bytesToHex(BALANCE_READER_ADDR)]: { code: BALANCE_READER },
  [bytesToHex(GATE_ADDR)]: { code: GATE },
  [bytesToHex(TOKEN_ADDR)]: {
    code: TOKEN,
    storage: Object.fromEntries([alice, bob, carol, dave].map((u) => [addressSlot(u.address), "0x0f4240"])),
  },
  [bytesToHex(FACTORY_ADDR)]: { code: FACTORY },
});

const slotOf = (address: Uint8Array) => hex(addressSlot(address).slice(2));

describe("type 0x05: the binding access list", () => {
  let pair: ExecutorPair;
  let store: TrieStateStore;
  let root: Uint8Array;
  let sequential: BlockExecutor;
  let parallel: BlockExecutor;

  before(async () => {
    pair = await openExecutorPair(genesis, { workers: 2, minParallelTxs: 1, forceParallel: true });
    ({ store, root, sequential, parallel } = pair);
  });

  after(() => pair.close());

  /** Runs `txs` with both executors, checks they agree, and returns the sequential result. */
  async function runBoth(txs: TypedTransaction[]) {
    const env = createEnv();
    const expected = await sequential.buildBlock(root, env, txs);
    const got = await parallel.buildBlock(root, env, txs);
    assert.equal(got.stats.mode, "parallel", `parallel executor ran in mode ${got.stats.mode} (${got.stats.fallbackReason ?? ""})`);
    assert.deepEqual(summarize(got), summarize(expected));
    assert.deepEqual(
      got.transactions.map((t) => t.accessed),
      expected.transactions.map((t) => t.accessed),
      "both executors report the same accesses",
    );
    const again = await parallel.executeBlock(
      root,
      env,
      expected.transactions.map((t) => t.tx),
    );
    assert.equal(bytesToHex(again.stateRoot), bytesToHex(expected.stateRoot));
    return expected;
  }

  const cases: { desc: string; tx: () => TypedTransaction }[] = [
    {
      desc: "a call whose storage slot is listed",
      tx: () => signParallel(alice, { nonce: 0n, to: COUNTER_ADDR, accessList: [[COUNTER_ADDR, [SLOT0]]] }),
    },
    {
      desc: "a call whose contract is listed without keys (all its storage)",
      tx: () => signParallel(alice, { nonce: 0n, to: COUNTER_ADDR, accessList: [[COUNTER_ADDR, []]] }),
    },
    {
      desc: "BALANCE of a listed account",
      tx: () => signParallel(alice, { nonce: 0n, to: BALANCE_READER_ADDR, accessList: [[WATCHED, []]] }),
    },
    {
      desc: "a value transfer with an empty list (sender and recipient are implicit)",
      tx: () => signParallel(alice, { nonce: 0n, to: bob.address, value: 1234n, gasLimit: 21_000n }),
    },
    {
      desc: "a token transfer listing both balance slots",
      tx: () =>
        signParallel(alice, {
          nonce: 0n,
          to: TOKEN_ADDR,
          data: tokenTransferData(bob.address, 5n),
          accessList: [[TOKEN_ADDR, [slotOf(alice.address), slotOf(bob.address)]]],
        }),
    },
    {
      desc: "a contract creation (the new contract's storage is implicit)",
      tx: () => signParallel(alice, { nonce: 0n, data: deployCode(COUNTER), gasLimit: 200_000n }),
    },
  ];
  for (const c of cases) {
    it(`succeeds: ${c.desc}`, async () => {
      const result = await runBoth([c.tx()]);
      const [t] = result.transactions;
      assert.equal(t?.receipt.status, 1, t?.error);
      assert.equal(t?.error, undefined);
      assert.ok(t?.accessed !== undefined, "a 0x05 transaction reports what it touched");
    });
  }

  const violations: { desc: string; tx: () => TypedTransaction; offending: string }[] = [
    {
      desc: "SLOAD/SSTORE of an unlisted slot of the recipient",
      tx: () => signParallel(alice, { nonce: 0n, to: COUNTER_ADDR, value: 77n }),
      offending: `0x${bytesToHexFast(COUNTER_ADDR)} slot 0x${"00".repeat(32)}`,
    },
    {
      desc: "a listed slot, but another one touched too",
      tx: () =>
        signParallel(alice, {
          nonce: 0n,
          to: TOKEN_ADDR,
          data: tokenTransferData(bob.address, 5n),
          accessList: [[TOKEN_ADDR, [slotOf(alice.address)]]],
        }),
      offending: `0x${bytesToHexFast(TOKEN_ADDR)} slot 0x${bytesToHexFast(slotOf(bob.address))}`,
    },
    {
      desc: "BALANCE of an unlisted account",
      tx: () => signParallel(alice, { nonce: 0n, to: BALANCE_READER_ADDR, value: 9n }),
      offending: `0x${bytesToHexFast(WATCHED)}`,
    },
  ];
  for (const v of violations) {
    it(`fails with only the fees charged: ${v.desc}`, async () => {
      const tx = v.tx();
      const result = await runBoth([tx]);
      const [t] = result.transactions;
      assert.equal(t?.receipt.status, 0);
      assert.equal(t?.gasUsed, tx.gasLimit);
      assert.equal(result.gasUsed, tx.gasLimit);
      assert.equal(t?.error, `${BINDING_ACCESS_ERROR} (${v.offending})`);
      assert.deepEqual(t?.logs, []);
      assert.equal(t?.effectiveGasPrice, GAS_PRICE);
      // Exactly the fee-only state: the sender's nonce and gas payment, the coinbase's tip.
      const sender = createEmptyAccount();
      sender.nonce = 1n;
      sender.balance = 100n * ETH - tx.gasLimit * GAS_PRICE;
      const coinbase = createEmptyAccount();
      coinbase.balance = tx.gasLimit * TIP;
      const feeOnly = await store.applyChanges(root, {
        accounts: new Map([
          [alice.hex.slice(2), sender],
          [bytesToHexFast(createEnv().coinbase), coinbase],
        ]),
        storage: new Map(),
        cleared: new Set(),
        code: new Map(),
      });
      assert.equal(bytesToHex(result.stateRoot), bytesToHex(feeOnly));
      // What it touched is still reported (the offending location included).
      const accessed = t?.accessed;
      assert.ok(accessed !== undefined);
      const [address, , slot] = v.offending.split(" ");
      assert.ok(
        slot === undefined ? accessed.accounts.includes(address!) : accessed.slots.includes(`${address}/${slot}`),
        JSON.stringify(accessed),
      );
    });
  }

  it("a mixed block: both executors agree, including a 0x05 transaction that breaks its list only after an earlier write", async () => {
    const txs = [
      signParallel(alice, { nonce: 0n, to: GATE_ADDR, accessList: [[GATE_ADDR, [SLOT0]]] }),
      signTx(bob, { nonce: 0n, to: GATE_ADDR, data: hex("01"), gasLimit: 60_000n }),
      // Same call as the first, but GATE's slot 0 is now set: it reads BALANCE(WATCHED).
      signParallel(carol, { nonce: 0n, to: GATE_ADDR, accessList: [[GATE_ADDR, [SLOT0]]] }),
      signParallel(alice, { nonce: 1n, to: COUNTER_ADDR }),
      signTx(dave, { nonce: 0n, to: COUNTER_ADDR, data: hex("d09de08a"), gasLimit: 60_000n }),
      signParallel(alice, { nonce: 2n, to: COUNTER_ADDR, accessList: [[COUNTER_ADDR, [SLOT0]]] }),
      signParallel(bob, { nonce: 1n, to: BALANCE_READER_ADDR, accessList: [[WATCHED, []]] }),
      signTx(carol, { nonce: 1n, to: TOKEN_ADDR, data: tokenTransferData(dave.address, 10n), gasLimit: 80_000n }),
      signParallel(bob, {
        nonce: 2n,
        to: TOKEN_ADDR,
        data: tokenTransferData(carol.address, 5n),
        accessList: [[TOKEN_ADDR, [slotOf(bob.address)]]],
      }),
      signTx(dave, { nonce: 1n, to: carol.address, value: 1n, gasLimit: 21_000n }),
      signParallel(dave, { nonce: 2n, to: alice.address, value: 2n, gasLimit: 21_000n }),
    ];
    const result = await runBoth(txs);
    assert.equal(result.transactions.length, txs.length);
    const statuses = result.transactions.map((t) => [t.receipt.status, t.error?.startsWith(BINDING_ACCESS_ERROR) ?? false]);
    assert.deepEqual(statuses, [
      [1, false],
      [1, false],
      [0, true],
      [0, true],
      [1, false],
      [1, false],
      [1, false],
      [1, false],
      [0, true],
      [1, false],
      [1, false],
    ]);
    // The second COUNTER call counts from the first successful one only (the failed 0x05 call changed nothing).
    assert.equal(result.transactions[5]?.logs[0]?.data.at(-1), 2);
  });

  it("reports what contract calls touched, and nothing for plain transfers", async () => {
    const result = await runBoth([
      signTx(alice, { nonce: 0n, to: COUNTER_ADDR, data: hex("d09de08a"), gasLimit: 60_000n }),
      signTx(alice, { nonce: 1n, to: COUNTER_ADDR, gasLimit: 60_000n }),
      signTx(alice, { nonce: 2n, to: bob.address, value: 1n, gasLimit: 21_000n }),
      signTx(alice, { nonce: 3n, to: bob.address, data: hex("d09de08a"), gasLimit: 30_000n }),
      signTx(alice, { nonce: 4n, to: TOKEN_ADDR, data: tokenTransferData(carol.address, 5n), gasLimit: 80_000n }),
    ]);
    const counter = `0x${bytesToHexFast(COUNTER_ADDR)}`;
    const token = `0x${bytesToHexFast(TOKEN_ADDR)}`;
    assert.deepEqual(
      result.transactions.map((t) => t.accessed),
      [
        { accounts: [counter], slots: [`${counter}/0x${"00".repeat(32)}`] },
        undefined,
        undefined,
        undefined,
        { accounts: [token], slots: [`${token}/${addressSlot(alice.address)}`, `${token}/${addressSlot(carol.address)}`] },
      ],
    );
  });

  it("the new contract of a 0x05 creation is implicit, a nested creation's is not", async () => {
    const created = createContractAddress(new Address(alice.address), 0n).bytes;
    const ok = await runBoth([signParallel(alice, { nonce: 0n, data: deployCode(COUNTER), gasLimit: 200_000n })]);
    assert.equal(ok.transactions[0]?.receipt.status, 1);
    assert.deepEqual(ok.transactions[0]?.contractAddress, created);

    const init = deployCode(COUNTER);
    const nested = bytesToHex(generateAddress2(FACTORY_ADDR, setLengthLeft(hex("01"), 32), init));
    const unlisted = await runBoth([signParallel(alice, { nonce: 0n, to: FACTORY_ADDR, data: init, gasLimit: 200_000n })]);
    assert.equal(unlisted.transactions[0]?.error, `${BINDING_ACCESS_ERROR} (${nested})`);
    const listed = await runBoth([
      signParallel(alice, { nonce: 0n, to: FACTORY_ADDR, data: init, gasLimit: 200_000n, accessList: [[hex(nested.slice(2)), []]] }),
    ]);
    assert.equal(listed.transactions[0]?.receipt.status, 1, listed.transactions[0]?.error);
  });
});
