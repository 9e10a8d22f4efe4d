import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RpcError } from "../../../src/rpc/errors.js";
import {
  expectParams,
  readAddress,
  readBlockSelector,
  readCallRequest,
  readData,
  readFilterCriteria,
  readQuantity,
} from "../../../src/rpc/params.js";

function invalid(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof RpcError && err.code === -32602 && message.test(err.message));
}

describe("rpc params", () => {
  const quantityCases: { desc: string; input: unknown; expected: bigint | RegExp }[] = [
    { desc: "zero", input: "0x0", expected: 0n },
    { desc: "a number", input: "0x1a", expected: 26n },
    { desc: "no prefix", input: "12", expected: /without 0x prefix/ },
    { desc: "leading zero", input: "0x01", expected: /leading zero/ },
    { desc: "empty", input: "0x", expected: /"0x"/ },
    { desc: "not hex", input: "0xzz", expected: /invalid hex/ },
    { desc: "a JSON number", input: 5, expected: /cannot unmarshal/ },
    { desc: "too big", input: `0x1${"0".repeat(64)}`, expected: /256 bits/ },
  ];
  for (const { desc, input, expected } of quantityCases) {
    it(`readQuantity: ${desc}`, () => {
      if (typeof expected === "bigint") assert.equal(readQuantity(input, 0), expected);
      else invalid(() => readQuantity(input, 0), expected);
    });
  }

  it("reads addresses and data with geth's messages", () => {
    assert.equal(readAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", 0).length, 20);
    invalid(() => readAddress("0x1234", 1), /^invalid argument 1: hex string has length 4, want 40 for common.Address$/);
    invalid(() => readData("0x123", 0), /odd length/);
    assert.deepEqual(readData("0xABcd", 0), Uint8Array.of(0xab, 0xcd));
  });

  it("reads block tags, numbers and EIP-1898 objects", () => {
    assert.deepEqual(readBlockSelector("finalized", 0), { kind: "tag", tag: "finalized" });
    assert.deepEqual(readBlockSelector("0x10", 0), { kind: "number", number: 16n });
    const hash = `0x${"ab".repeat(32)}`;
    const selector = readBlockSelector({ blockHash: hash, requireCanonical: true }, 0);
    assert.equal(selector.kind, "hash");
    assert.deepEqual(readBlockSelector({ blockNumber: "0x2" }, 0), { kind: "number", number: 2n });
    invalid(() => readBlockSelector("lastest", 0), /invalid block number or tag/);
    invalid(() => readBlockSelector({ blockHash: hash }, 0, { allowHash: false }), /expected a block number/);
  });

  it("reads call requests", () => {
    const request = readCallRequest(
      { from: `0x${"11".repeat(20)}`, to: `0x${"22".repeat(20)}`, gas: "0x5208", value: "0x1", input: "0x1234" },
      0,
    );
    assert.equal(request.gas, 21000n);
    assert.deepEqual(request.data, Uint8Array.of(0x12, 0x34));
    invalid(() => readCallRequest({ data: "0x12", input: "0x34" }, 0), /both "data" and "input"/);
    invalid(() => readCallRequest({ gasPrice: "0x1", maxFeePerGas: "0x2" }, 0), /both gasPrice and/);
  });

  it("reads filter criteria", () => {
    const topic = `0x${"cd".repeat(32)}`;
    const criteria = readFilterCriteria(
      { address: [`0x${"11".repeat(20)}`], topics: [topic, null, [topic, topic]], fromBlock: "earliest" },
      0,
    );
    assert.equal(criteria.addresses.length, 1);
    assert.equal(criteria.topics[1], null);
    assert.equal(criteria.topics[2]?.length, 2);
    invalid(() => readFilterCriteria({ blockHash: topic, fromBlock: "0x1" }, 0), /cannot specify both BlockHash/);
    invalid(() => readFilterCriteria({ topics: [null, null, null, null, null] }, 0), /too many topics/);
  });

  it("checks the number of params", () => {
    expectParams([1], 1, 2);
    assert.throws(() => expectParams([1, 2, 3], 1, 2), /too many arguments, want at most 2/);
    assert.throws(() => expectParams([], 1, 2), /missing value for required argument 0/);
  });
});
