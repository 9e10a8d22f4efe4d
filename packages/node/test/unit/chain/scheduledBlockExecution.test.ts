// The rule that sends a geth-format chain's blocks to the parallel executor or to the reference (ethereumjs runBlock).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createGenesisCommon, parseGenesis } from "@eigenchain/chain";
import { createBlock } from "@ethereumjs/block";
import { chooseScheduledPath } from "../../../src/chain/scheduledBlockExecution.js";

const common = createGenesisCommon(
  parseGenesis({
    config: {
      chainId: 1337,
      homesteadBlock: 0,
      byzantiumBlock: 0,
      londonBlock: 0,
      mergeNetsplitBlock: 10,
      terminalTotalDifficulty: 0,
      shanghaiTime: 200,
      cancunTime: 300,
      ethash: {},
    },
    nonce: "0x0",
    gasLimit: "0x1c9c380",
    difficulty: "0x1",
    alloc: {},
  }),
);

function makeBlock(number: bigint, timestamp: bigint, extra: { withdrawals?: number; uncles?: number } = {}) {
  const uncle = { number: number - 1n, timestamp: timestamp - 1n, difficulty: 1n, gasLimit: 30_000_000n };
  return createBlock(
    {
      header: { number, timestamp, gasLimit: 30_000_000n, baseFeePerGas: 7n, difficulty: number < 10n ? 1n : 0n },
      ...(extra.withdrawals === undefined
        ? {}
        : {
            withdrawals: Array.from({ length: extra.withdrawals }, (_, i) => ({
              index: i,
              validatorIndex: 0,
              address: `0x${"11".repeat(20)}`,
              amount: 1,
            })),
          }),
      ...(extra.uncles === undefined ? {} : { uncleHeaders: Array.from({ length: extra.uncles }, () => uncle) }),
    },
    { common, setHardfork: true, skipConsensusFormatValidation: true },
  );
}

describe("chooseScheduledPath", () => {
  const cases = [
    { desc: "a proof-of-work block (rewards) → reference", block: () => makeBlock(5n, 50n), expected: "reference" },
    { desc: "a proof-of-work block with an uncle → reference", block: () => makeBlock(6n, 60n, { uncles: 1 }), expected: "reference" },
    { desc: "after the merge, before Shanghai → parallel", block: () => makeBlock(12n, 120n), expected: "parallel" },
    { desc: "Shanghai without withdrawals → parallel", block: () => makeBlock(21n, 210n, { withdrawals: 0 }), expected: "parallel" },
    { desc: "Shanghai with a withdrawal → reference", block: () => makeBlock(22n, 220n, { withdrawals: 1 }), expected: "reference" },
    {
      desc: "Cancun (the EIP-4788 system write) → reference",
      block: () => makeBlock(31n, 310n, { withdrawals: 0 }),
      expected: "reference",
    },
  ] as const;
  for (const c of cases) it(c.desc, () => assert.equal(chooseScheduledPath(c.block()), c.expected));
});
