import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EigenError } from "@eigenchain/chain";
import { hexToBytes } from "@ethereumjs/util";
import { toRpcError } from "../../../src/rpc/errors.js";
import { createRevertError, decodeRevertReason } from "../../../src/rpc/revert.js";

// Error(string) with "Not enough Ether provided." (the Solidity docs' example).
const ERROR_DATA =
  ("0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000" +
    "1a4e6f7420656e6f7567682045746865722070726f76696465642e000000000000") as `0x${string}`;
const PANIC_DATA: `0x${string}` = "0x4e487b710000000000000000000000000000000000000000000000000000000000000011";

describe("revert decoding and error mapping", () => {
  it("decodes Error(string), Panic(uint256) and leaves custom errors alone", () => {
    assert.equal(decodeRevertReason(hexToBytes(ERROR_DATA)), "Not enough Ether provided.");
    assert.equal(decodeRevertReason(hexToBytes(PANIC_DATA)), "arithmetic underflow or overflow");
    assert.equal(decodeRevertReason(hexToBytes("0xdeadbeef")), undefined);
    assert.equal(decodeRevertReason(hexToBytes("0x08c379a0ffff")), undefined);
  });

  it("builds geth's revert error: code 3, reason in the message, raw data", () => {
    const error = createRevertError(hexToBytes(ERROR_DATA));
    assert.equal(error.code, 3);
    assert.equal(error.message, "execution reverted: Not enough Ether provided.");
    assert.equal(error.data, ERROR_DATA);
    const bare = createRevertError(new Uint8Array());
    assert.equal(bare.message, "execution reverted");
    assert.equal(bare.data, "0x");
  });

  const cases: { desc: string; input: unknown; code: number; message: string; unexpected: boolean }[] = [
    {
      desc: "a pool refusal keeps geth's text",
      input: new EigenError({ code: "MEMPOOL_NONCE_TOO_LOW" }, "nonce too low: next nonce 3, tx nonce 1"),
      code: -32000,
      message: "nonce too low: next nonce 3, tx nonce 1",
      unexpected: false,
    },
    {
      desc: "a decode refusal keeps its text",
      input: new EigenError({ code: "TX_CHAIN_ID_INVALID" }, "invalid chain id for signer: have 1 want 57710"),
      code: -32000,
      message: "invalid chain id for signer: have 1 want 57710",
      unexpected: false,
    },
    {
      desc: "anything else hides its internals",
      input: new Error("ENOENT /secret/path"),
      code: -32603,
      message: "internal error",
      unexpected: true,
    },
  ];
  for (const { desc, input, code, message, unexpected } of cases) {
    it(`toRpcError: ${desc}`, () => {
      const mapped = toRpcError(input);
      assert.equal(mapped.error.code, code);
      assert.equal(mapped.error.message, message);
      assert.equal(mapped.unexpected, unexpected);
    });
  }
});
