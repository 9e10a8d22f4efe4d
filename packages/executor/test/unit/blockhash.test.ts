import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockEnv, BlockExecutor, StateStore } from "../../src/index.js";
import type { ExecutorPair } from "../utils/executorPair.js";
import { openExecutorPair } from "../utils/executorPair.js";
import { createAccount, createEnv, createGenesis, hex, signTx } from "../utils/fixtures.js";

/** SSTORE(k, BLOCKHASH(NUMBER − k)) with k = calldata[0..32). */
const BLOCKHASH_PROBE = hex("6000358043034090550" + "0");
const PROBE = hex("000000000000000000000000000000000000b10c");
const users = Array.from({ length: 6 }, (_, i) => createAccount(i));
const DISTANCES = [1n, 2n, 100n, 256n, 257n, 0n];

function word(k: bigint): Uint8Array {
  return hex(k.toString(16).padStart(64, "0"));
}

/** hash(n − d) for the test's chain: 32 bytes of (d mod 251) + 1, distinct per distance. */
function hashAt(d: number): Uint8Array {
  const h = new Uint8Array(32).fill((d % 251) + 1);
  h[0] = d >> 8;
  return h;
}

describe("BLOCKHASH sees env.recentBlockHashes (n−1 … n−256)", () => {
  let pair: ExecutorPair;
  let store: StateStore;
  let root: Uint8Array;
  let sequential: BlockExecutor;
  let parallel: BlockExecutor;

  before(async () => {
    const alloc: Parameters<typeof createGenesis>[0] = { [bytesToHex(PROBE)]: { code: BLOCKHASH_PROBE } };
    for (const u of users) alloc[u.hex] = { balance: 10n ** 18n };
    pair = await openExecutorPair(createGenesis(alloc));
    ({ store, root, sequential, parallel } = pair);
  });

  after(() => pair.close());

  const txs = () => DISTANCES.map((k, i) => signTx(users[i]!, { nonce: 0n, to: PROBE, data: word(k), gasLimit: 100_000n }));
  const recent = Array.from({ length: 256 }, (_, i) => hashAt(i + 1));
  const cases: { desc: string; env: BlockEnv; expected: (d: bigint) => Uint8Array }[] = [
    {
      desc: "array, newest first",
      env: createEnv({ number: 300n, recentBlockHashes: recent, parentHash: hashAt(1) }),
      expected: (d) => (d >= 1n && d <= 256n ? hashAt(Number(d)) : new Uint8Array(32)),
    },
    {
      desc: "lookup function",
      env: createEnv({ number: 300n, recentBlockHashes: (n: bigint) => hashAt(Number(300n - n)), parentHash: hashAt(1) }),
      expected: (d) => (d >= 1n && d <= 256n ? hashAt(Number(d)) : new Uint8Array(32)),
    },
    {
      desc: "absent: parent hash for n−1, zero before",
      env: createEnv({ number: 300n, parentHash: hashAt(1) }),
      expected: (d) => (d === 1n ? hashAt(1) : new Uint8Array(32)),
    },
    {
      desc: "short array: zero beyond it",
      env: createEnv({ number: 300n, recentBlockHashes: recent.slice(0, 50), parentHash: hashAt(1) }),
      expected: (d) => (d >= 1n && d <= 50n ? hashAt(Number(d)) : new Uint8Array(32)),
    },
  ];

  for (const c of cases) {
    it(`${c.desc}: sequential and parallel store the expected hashes`, async () => {
      const s = await sequential.executeBlock(root, c.env, txs());
      const p = await parallel.executeBlock(root, c.env, txs());
      assert.equal(bytesToHex(p.stateRoot), bytesToHex(s.stateRoot));
      assert.equal(bytesToHex(p.receiptsRoot), bytesToHex(s.receiptsRoot));
      const view = store.view(s.stateRoot);
      for (const d of DISTANCES) {
        if (d === 0n) continue; // slot 0 holds BLOCKHASH(n) = 0, which SSTORE(0, 0) leaves unset
        assert.equal(bytesToHex(await view.getStorageAt(PROBE, word(d))), bytesToHex(c.expected(d)), `BLOCKHASH(n − ${d})`);
      }
    });
  }
});
