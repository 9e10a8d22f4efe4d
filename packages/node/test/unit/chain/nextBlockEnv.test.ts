import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChainBlock, createChainCommon } from "@eigenchain/chain";
import { createNextBlockEnv } from "../../../src/chain/nextBlockEnv.js";

const common = createChainCommon(57710n);
const GWEI = 1_000_000_000n;

function parent(gasUsed: bigint, timestamp: bigint) {
  return createChainBlock({ number: 7n, gasLimit: 30_000_000n, gasUsed, baseFeePerGas: GWEI, timestamp }, [], common);
}

describe("createNextBlockEnv", () => {
  const cases = [
    {
      desc: "empty parent: base fee falls 12.5%",
      gasUsed: 0n,
      now: 1000n,
      expected: { baseFeePerGas: 875_000_000n, timestamp: 1000n },
    },
    {
      desc: "parent at target: base fee unchanged",
      gasUsed: 15_000_000n,
      now: 1000n,
      expected: { baseFeePerGas: GWEI, timestamp: 1000n },
    },
    {
      desc: "full parent: base fee rises 12.5%",
      gasUsed: 30_000_000n,
      now: 1000n,
      expected: { baseFeePerGas: 1_125_000_000n, timestamp: 1000n },
    },
    {
      desc: "clock behind the parent: timestamp is parent + 1",
      gasUsed: 0n,
      now: 10n,
      expected: { baseFeePerGas: 875_000_000n, timestamp: 501n },
    },
  ];
  for (const { desc, gasUsed, now, expected } of cases) {
    it(desc, () => {
      const block = parent(gasUsed, 500n);
      const env = createNextBlockEnv(block, now, new Uint8Array(20));
      assert.equal(env.number, 8n);
      assert.equal(env.baseFeePerGas, expected.baseFeePerGas);
      assert.equal(env.timestamp, expected.timestamp);
      assert.deepEqual(env.parentHash, block.hash());
      assert.equal(env.prevRandao.length, 32);
      assert.deepEqual(createNextBlockEnv(block, now, new Uint8Array(20)).prevRandao, env.prevRandao, "deterministic");
    });
  }
});
