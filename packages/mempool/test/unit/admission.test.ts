import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isEigenError } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { createParallelPool, type ParallelPoolOpts } from "../../src/index.js";
import { MemoryPoolState } from "../../src/testUtils/memoryState.js";
import { addressOf, common, createChainCommonFor, ETHER, GWEI, KEYS, rawTx } from "../txFactory.js";

const alice = KEYS[0] as Uint8Array;
const bob = KEYS[1] as Uint8Array;

function makePool(opts: ParallelPoolOpts = {}, state = new MemoryPoolState(ETHER)) {
  return { pool: createParallelPool({ recovery: "main", ...opts }, { common, state }), state };
}

async function assertRefused(promise: Promise<unknown>, code: string, message: RegExp | string) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isEigenError(err, code), `expected ${code}, got ${String(err)}`);
    if (typeof message === "string") assert.equal((err as Error).message, message);
    else assert.match((err as Error).message, message);
    return true;
  });
}

describe("admission", () => {
  it("admits an executable transaction as pending and recovers its sender", async () => {
    const { pool } = makePool();
    const raw = rawTx();
    const res = await pool.addLocal(raw);
    assert.equal(res.status, "pending");
    const got = pool.get(res.hash);
    assert.ok(got);
    assert.equal(bytesToHex(got.sender), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assert.equal(got.local, true);
    assert.deepEqual(pool.status(), { pending: 1, queued: 0 });
    assert.equal(pool.getPendingNonce(addressOf(alice)), 1n);
    assert.equal(pool.getPendingNonce(addressOf(bob)), undefined);
    await pool.close();
  });

  it("accepts legacy and EIP-2930 transactions", async () => {
    const { pool } = makePool();
    assert.equal((await pool.addRemote(rawTx({ type: 0, nonce: 0n }))).status, "pending");
    assert.equal((await pool.addRemote(rawTx({ type: 1, nonce: 1n }))).status, "pending");
    await pool.close();
  });

  it("files a nonce gap as queued and promotes it when the gap fills", async () => {
    const { pool } = makePool();
    assert.equal((await pool.addRemote(rawTx({ nonce: 2n }))).status, "queued");
    assert.equal((await pool.addRemote(rawTx({ nonce: 1n }))).status, "queued");
    assert.deepEqual(pool.status(), { pending: 0, queued: 2 });
    assert.equal(pool.getPendingNonce(addressOf(alice)), 0n);
    assert.equal((await pool.addRemote(rawTx({ nonce: 0n }))).status, "pending");
    assert.deepEqual(pool.status(), { pending: 3, queued: 0 });
    assert.equal(pool.getPendingNonce(addressOf(alice)), 3n);
    const content = pool.content();
    assert.deepEqual(
      content.pending.get("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")?.map((t) => t.tx.nonce),
      [0n, 1n, 2n],
    );
    await pool.close();
  });

  it("sends gossip through the same path with the same errors", async () => {
    const { pool, state } = makePool();
    state.set(addressOf(alice), { nonce: 3n });
    await assertRefused(pool.addRemote(rawTx({ nonce: 1n })), "MEMPOOL_NONCE_TOO_LOW", "nonce too low: next nonce 3, tx nonce 1");
    await assertRefused(pool.addLocal(rawTx({ nonce: 1n })), "MEMPOOL_NONCE_TOO_LOW", "nonce too low: next nonce 3, tx nonce 1");
    await pool.close();
  });

  const cost = 21_000n * 2n * GWEI + 1n;
  const cases: {
    desc: string;
    opts?: ParallelPoolOpts;
    setup?: (state: MemoryPoolState) => void;
    before?: Uint8Array[];
    raw: () => Uint8Array;
    code: string;
    message: string | RegExp;
  }[] = [
    {
      desc: "a transaction already pooled",
      before: [rawTx()],
      raw: () => rawTx(),
      code: "MEMPOOL_ALREADY_KNOWN",
      message: "already known",
    },
    {
      desc: "a nonce below the account's",
      setup: (s) => s.set(addressOf(alice), { nonce: 5n }),
      raw: () => rawTx({ nonce: 4n }),
      code: "MEMPOOL_NONCE_TOO_LOW",
      message: "nonce too low: next nonce 5, tx nonce 4",
    },
    {
      desc: "a sender who cannot pay gas × price + value",
      setup: (s) => s.set(addressOf(alice), { balance: 1000n }),
      raw: () => rawTx(),
      code: "MEMPOOL_INSUFFICIENT_FUNDS",
      message: `insufficient funds for gas * price + value: balance 1000, tx cost ${cost}, overshot ${cost - 1000n}`,
    },
    {
      desc: "a sender who cannot pay for the pooled transactions too",
      setup: (s) => s.set(addressOf(alice), { balance: cost + 10n }),
      before: [rawTx({ nonce: 0n })],
      raw: () => rawTx({ nonce: 1n }),
      code: "MEMPOOL_INSUFFICIENT_FUNDS",
      message: `insufficient funds for gas * price + value: balance ${cost + 10n}, queued cost ${cost}, tx cost ${cost}, overshot ${cost - 10n}`,
    },
    {
      desc: "gas below the intrinsic cost",
      raw: () => rawTx({ gasLimit: 20_999n }),
      code: "MEMPOOL_INTRINSIC_GAS",
      message: "intrinsic gas too low: gas 20999, minimum needed 21000",
    },
    {
      desc: "gas below the EIP-7623 calldata floor",
      // 1,000 non-zero bytes: intrinsic 21,000 + 16,000; floor 21,000 + 40,000.
      raw: () => rawTx({ gasLimit: 40_000n, data: new Uint8Array(1000).fill(1) }),
      code: "MEMPOOL_FLOOR_DATA_GAS",
      message: "insufficient gas for floor data gas cost: gas 40000, minimum needed 61000",
    },
    {
      desc: "gas above the block gas limit",
      opts: { blockGasLimit: 100_000n },
      raw: () => rawTx({ gasLimit: 100_001n }),
      code: "MEMPOOL_GAS_LIMIT",
      message: "exceeds block gas limit",
    },
    {
      desc: "gas above what a transaction that can run code may use",
      opts: { blockGasLimit: 1_000_000n, codeGasLimit: 100_000n },
      raw: () => rawTx({ gasLimit: 100_001n }),
      code: "MEMPOOL_GAS_LIMIT",
      message: "exceeds block gas limit: a transaction that can run code may use at most 100000 gas here (gas limit 100001)",
    },
    {
      desc: "a tip below the price limit",
      opts: { priceLimit: 2n * GWEI },
      raw: () => rawTx({ tip: GWEI, maxFee: 3n * GWEI }),
      code: "MEMPOOL_UNDERPRICED",
      message: `transaction underpriced: gas tip cap ${GWEI}, minimum needed ${2n * GWEI}`,
    },
    {
      desc: "a replacement without the 10% bump",
      before: [rawTx({ maxFee: 100n * GWEI, tip: 10n * GWEI })],
      raw: () => rawTx({ maxFee: 109n * GWEI, tip: 11n * GWEI }),
      code: "MEMPOOL_REPLACE_UNDERPRICED",
      message: "replacement transaction underpriced",
    },
    {
      desc: "a replacement that bumps only the fee cap",
      before: [rawTx({ maxFee: 100n * GWEI, tip: 10n * GWEI })],
      raw: () => rawTx({ maxFee: 200n * GWEI, tip: 10n * GWEI }),
      code: "MEMPOOL_REPLACE_UNDERPRICED",
      message: "replacement transaction underpriced",
    },
    {
      desc: "more transactions than the account may hold",
      opts: { accountSlots: 2 },
      before: [rawTx({ nonce: 0n }), rawTx({ nonce: 1n })],
      raw: () => rawTx({ nonce: 2n }),
      code: "MEMPOOL_ACCOUNT_LIMIT",
      message: "account limit exceeded: pooled 2 txs",
    },
    {
      desc: "more queued transactions than the account may hold",
      opts: { accountQueue: 1 },
      before: [rawTx({ nonce: 5n })],
      raw: () => rawTx({ nonce: 6n }),
      code: "MEMPOOL_ACCOUNT_LIMIT",
      message: "account limit exceeded: pooled 1 txs",
    },
    {
      desc: "a remote transaction no cheaper than the cheapest when full",
      opts: { globalSlots: 1 },
      before: [rawTx({ key: bob, tip: 2n * GWEI, maxFee: 3n * GWEI })],
      raw: () => rawTx({ tip: 2n * GWEI, maxFee: 3n * GWEI }),
      code: "MEMPOOL_UNDERPRICED",
      message: "transaction underpriced",
    },
    {
      desc: "any transaction when the pool is full of local ones",
      opts: { globalSlots: 1 },
      before: [],
      raw: () => rawTx({ tip: 50n * GWEI, maxFee: 60n * GWEI }),
      code: "MEMPOOL_POOL_FULL",
      message: "txpool is full",
    },
    { desc: "empty bytes", raw: () => new Uint8Array(), code: "TX_RLP_INVALID", message: /too short/ },
    {
      desc: "an encoding larger than the configured maximum",
      opts: { maxTxBytes: 1000 },
      raw: () => rawTx({ gasLimit: 100_000n, data: new Uint8Array(2000) }),
      code: "TX_OVERSIZED",
      message: "oversized data",
    },
    {
      desc: "a transaction for another chain id",
      raw: () => rawTxOnChain(1n),
      code: "TX_CHAIN_ID_INVALID",
      message: "invalid chain id for signer: have 1 want 57710",
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.desc}`, async () => {
      const { pool, state } = makePool(c.opts);
      c.setup?.(state);
      for (const raw of c.before ?? []) await pool.addRemote(raw);
      if (c.code === "MEMPOOL_POOL_FULL") await pool.addLocal(rawTx({ key: bob }));
      await assertRefused(pool.addRemote(c.raw()), c.code, c.message);
      await pool.close();
    });
  }

  it("refuses to construct with a maximum size above 4 MiB", () => {
    assert.throws(
      () => createParallelPool({ maxTxBytes: 4 * 1024 * 1024 + 1, recovery: "main" }, { common, state: new MemoryPoolState() }),
      RangeError,
    );
  });

  it("replaces a transaction with both fees bumped by 10%", async () => {
    const { pool } = makePool();
    const first = await pool.addRemote(rawTx({ maxFee: 100n * GWEI, tip: 10n * GWEI }));
    const second = await pool.addRemote(rawTx({ maxFee: 110n * GWEI, tip: 11n * GWEI }));
    assert.deepEqual(second.replaced, first.hash);
    assert.equal(pool.get(first.hash), undefined);
    assert.ok(pool.get(second.hash));
    assert.deepEqual(pool.status(), { pending: 1, queued: 0 });
    await pool.close();
  });

  it("replaces a queued transaction, keeping it queued", async () => {
    const { pool } = makePool();
    await pool.addRemote(rawTx({ nonce: 3n, maxFee: 10n * GWEI, tip: GWEI }));
    const res = await pool.addRemote(rawTx({ nonce: 3n, maxFee: 20n * GWEI, tip: 2n * GWEI }));
    assert.equal(res.status, "queued");
    assert.ok(res.replaced);
    assert.deepEqual(pool.status(), { pending: 0, queued: 1 });
    await pool.close();
  });
});

function rawTxOnChain(chainId: bigint): Uint8Array {
  return rawTx({ common: createChainCommonFor(chainId) });
}
