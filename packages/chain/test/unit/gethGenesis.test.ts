// geth's genesis format: recognised by its fork schedule, its rules built by ethereumjs (createCommonFromGethGenesis), blocks decoded with their own height's fork.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Hardfork } from "@ethereumjs/common";
import { createChainCommon, createGenesisCommon, hasForkSchedule, isGethGenesisConfig, parseGenesis } from "../../src/index.js";

const GETH = {
  config: {
    chainId: 3503995874084926,
    homesteadBlock: 0,
    eip150Block: 3,
    eip155Block: 6,
    eip158Block: 6,
    byzantiumBlock: 9,
    londonBlock: 27,
    mergeNetsplitBlock: 36,
    shanghaiTime: 390,
    cancunTime: 420,
    pragueTime: 450,
    terminalTotalDifficulty: 4732352,
    ethash: {},
  },
  nonce: "0x0",
  timestamp: "0x0",
  extraData: "0x68697665636861696e",
  gasLimit: "0x5f5e100",
  difficulty: "0x20000",
  baseFeePerGas: null,
  alloc: { "7435ed30a8b4aeb0877cef0c6e8cffe834eb865f": { balance: "0xc097ce7bc90715b34b9f1000000000" } },
};

describe("geth-format genesis", () => {
  const cases: { desc: string; config: Record<string, unknown>; geth: boolean }[] = [
    { desc: "EIGENChain's format: only a chain id", config: { chainId: 1 }, geth: false },
    { desc: "forks by block", config: { chainId: 1, londonBlock: 0 }, geth: true },
    { desc: "forks by time", config: { chainId: 1, shanghaiTime: 0 }, geth: true },
    { desc: "terminal total difficulty", config: { chainId: 1, terminalTotalDifficulty: 0 }, geth: true },
  ];
  for (const c of cases) it(`recognises ${c.desc}`, () => assert.equal(isGethGenesisConfig(c.config), c.geth));

  it("parses geth's null header fields and keeps the file for the fork rules", () => {
    const genesis = parseGenesis(GETH);
    assert.equal(genesis.chainId, 3503995874084926n);
    assert.equal(genesis.baseFeePerGas, 0n);
    assert.equal(genesis.alloc.get("0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f")?.balance, 0xc097ce7bc90715b34b9f1000000000n);
    assert.deepEqual(genesis.geth, GETH);
  });

  it("builds the fork schedule with ethereumjs: forks by block, the merge, forks by time", () => {
    const common = createGenesisCommon(parseGenesis(GETH));
    assert.equal(hasForkSchedule(common), true);
    const at = (blockNumber: bigint, timestamp: bigint) => common.getHardforkBy({ blockNumber, timestamp });
    assert.equal(at(0n, 0n), Hardfork.Homestead);
    assert.equal(at(9n, 90n), Hardfork.Byzantium);
    assert.equal(at(27n, 270n), Hardfork.London);
    assert.equal(at(36n, 360n), Hardfork.MergeNetsplitBlock);
    assert.equal(at(40n, 400n), Hardfork.Shanghai);
    assert.equal(at(50n, 460n), Hardfork.Prague);
  });

  it("keeps EIGENChain's own chains on one rule set", () => {
    const genesis = parseGenesis({ config: { chainId: 7 }, gasLimit: "0x1c9c380", alloc: {} });
    assert.equal(genesis.geth, undefined);
    assert.equal(hasForkSchedule(createGenesisCommon(genesis)), false);
    assert.equal(hasForkSchedule(createChainCommon(7n)), false);
  });

  it("refuses validators in geth's format", () => {
    const blsPublicKey = `0x${"a0".repeat(48)}`;
    assert.throws(
      () => parseGenesis({ ...GETH, validators: [{ name: "v", blsPublicKey, power: 1 }] }),
      /invalid genesis: validators: a genesis in geth's format/,
    );
  });
});
