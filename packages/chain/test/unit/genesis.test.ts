import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { isEigenError, parseGenesis, parseGenesisJson } from "../../src/index.js";

const devnetText = readFileSync(new URL("../../../../genesis/devnet.json", import.meta.url), "utf8");
const valid = () => JSON.parse(devnetText) as Record<string, unknown>;

describe("parseGenesis", () => {
  it("reads the devnet genesis: chain id, gas limit, base fee and the ten funded test accounts", () => {
    const genesis = parseGenesisJson(devnetText);
    assert.equal(genesis.chainId, 57710n);
    assert.equal(genesis.gasLimit, 60_000_000n);
    assert.equal(genesis.baseFeePerGas, 1_000_000_000n);
    assert.equal(genesis.alloc.size, 10);
    assert.equal(genesis.alloc.get("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")?.balance, 10_000n * 10n ** 18n);
  });

  it("pads storage keys to 32 bytes and strips leading zeros from values", () => {
    const json = valid();
    json.alloc = { "0x1000000000000000000000000000000000000001": { balance: "0", storage: { "0x01": "0x0002" } } };
    const account = parseGenesis(json).alloc.get("0x1000000000000000000000000000000000000001")!;
    assert.deepEqual([...account.storage.entries()], [[`0x${"00".repeat(31)}01`, Uint8Array.of(2)]]);
  });

  const broken: { desc: string; mutate: (g: Record<string, unknown>) => unknown; path: string }[] = [
    { desc: "a non-object", mutate: () => [], path: "(root)" },
    { desc: "no config", mutate: (g) => ({ ...g, config: undefined }), path: "config" },
    { desc: "a zero chain id", mutate: (g) => ({ ...g, config: { chainId: 0 } }), path: "config.chainId" },
    { desc: "a text chain id", mutate: (g) => ({ ...g, config: { chainId: "eigen" } }), path: "config.chainId" },
    { desc: "no alloc", mutate: (g) => ({ ...g, alloc: undefined }), path: "alloc" },
    { desc: "a short address", mutate: (g) => ({ ...g, alloc: { "0x1234": { balance: "1" } } }), path: "alloc[0x1234]" },
    {
      desc: "a negative balance",
      mutate: (g) => ({ ...g, alloc: { [`0x${"11".repeat(20)}`]: { balance: -1 } } }),
      path: `alloc[0x${"11".repeat(20)}].balance`,
    },
    {
      desc: "odd-length code",
      mutate: (g) => ({ ...g, alloc: { [`0x${"11".repeat(20)}`]: { balance: "1", code: "0x123" } } }),
      path: `alloc[0x${"11".repeat(20)}].code`,
    },
    { desc: "a tiny gas limit", mutate: (g) => ({ ...g, gasLimit: "0x1" }), path: "gasLimit" },
    { desc: "long extra data", mutate: (g) => ({ ...g, extraData: `0x${"00".repeat(33)}` }), path: "extraData" },
    { desc: "validators not a list", mutate: (g) => ({ ...g, validators: {} }), path: "validators" },
    {
      desc: "a validator with zero power",
      mutate: (g) => ({ ...g, validators: [{ name: "v0", blsPublicKey: `0x${"aa".repeat(48)}`, power: 0 }] }),
      path: "validators[0].power",
    },
  ];
  for (const c of broken) {
    it(`names the field for ${c.desc}`, () => {
      assert.throws(
        () => parseGenesis(c.mutate(valid())),
        (err: unknown) => isEigenError(err, "GENESIS_INVALID") && err.message.startsWith(`invalid genesis: ${c.path}:`),
      );
    });
  }

  it("turns malformed JSON into the same clear error", () => {
    assert.throws(() => parseGenesisJson("{ not json"), /invalid genesis: not valid JSON/);
  });
});
