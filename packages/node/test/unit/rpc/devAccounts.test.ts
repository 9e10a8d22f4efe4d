import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import type { Hex } from "viem";
import { hashTypedData, recoverMessageAddress } from "viem";
import { DEVNET_ACCOUNTS } from "../../../src/cli/devnetAccounts.js";
import type { RpcContext, RpcHandler } from "../../../src/rpc/context.js";
import { RpcError } from "../../../src/rpc/errors.js";
import { registerDevAccountMethods } from "../../../src/rpc/methods/devAccounts.js";
import { registerEthChainMethods } from "../../../src/rpc/methods/ethChain.js";
import { hashTypedData as hashTypedDataHere, readTypedData } from "../../../src/rpc/typedData.js";
import { UnlockedAccounts } from "../../../src/rpc/unlockedAccounts.js";

function register(ctx: Partial<RpcContext>): Map<string, RpcHandler> {
  const methods = new Map<string, RpcHandler>();
  const registry = { add: (name: string, handler: RpcHandler) => methods.set(name, handler) };
  registerEthChainMethods(registry, ctx as RpcContext);
  registerDevAccountMethods(registry, ctx as RpcContext);
  return methods;
}

const http = { transport: "http" as const };

describe("unlocked accounts", () => {
  it("a node without them (start without --dev.unlocked) lists none and signs nothing", async () => {
    const methods = register({});
    assert.deepEqual(await methods.get("eth_accounts")!([], http), []);
    for (const [method, params] of [
      ["eth_sendTransaction", [{ from: DEVNET_ACCOUNTS[0]!.address, to: DEVNET_ACCOUNTS[1]!.address }]],
      ["eth_sign", [DEVNET_ACCOUNTS[0]!.address, "0x01"]],
      ["personal_sign", ["0x01", DEVNET_ACCOUNTS[0]!.address]],
    ] as const) {
      await assert.rejects(
        async () => methods.get(method)!([...params], http),
        (err: unknown) => err instanceof RpcError && err.code === -32000 && err.message === "unknown account",
        method,
      );
    }
  });

  it("personal_sign signs EIP-191 messages that recover to the account", async () => {
    const accounts = new UnlockedAccounts(DEVNET_ACCOUNTS);
    const methods = register({ accounts });
    assert.equal(((await methods.get("eth_accounts")!([], http)) as string[]).length, 10);
    const signature = (await methods.get("personal_sign")!(["0xdeadbeef", DEVNET_ACCOUNTS[2]!.address], http)) as Hex;
    assert.equal(await recoverMessageAddress({ message: { raw: "0xdeadbeef" }, signature }), DEVNET_ACCOUNTS[2]!.address);
  });

  const cases: { desc: string; data: Parameters<typeof hashTypedData>[0] }[] = [
    {
      desc: "nested structs, arrays, negative ints, dynamic and fixed bytes",
      data: {
        domain: {
          name: "Test",
          version: "2",
          chainId: 57710,
          verifyingContract: "0x1111111111111111111111111111111111111111",
          salt: `0x${"01".repeat(32)}`,
        },
        types: {
          Inner: [
            { name: "a", type: "int64" },
            { name: "b", type: "bytes" },
          ],
          Outer: [
            { name: "inners", type: "Inner[2]" },
            { name: "label", type: "string" },
            { name: "ids", type: "uint8[]" },
            { name: "tag", type: "bytes4" },
            { name: "ok", type: "bool" },
            { name: "who", type: "address[]" },
          ],
        },
        primaryType: "Outer",
        message: {
          inners: [
            { a: -5n, b: "0x" },
            { a: 9007199254740993n, b: "0x0102" },
          ],
          label: "ünïcode",
          ids: [1, 2, 255],
          tag: "0xdeadbeef",
          ok: false,
          who: ["0x2222222222222222222222222222222222222222"],
        },
      },
    },
    {
      desc: "a domain with only a name",
      data: { domain: { name: "Only" }, types: { Ping: [{ name: "n", type: "uint256" }] }, primaryType: "Ping", message: { n: 1n } },
    },
  ];
  for (const c of cases) {
    it(`eth_signTypedData_v4 hashes as viem does: ${c.desc}`, () => {
      const json = JSON.parse(JSON.stringify(c.data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
      assert.equal(bytesToHex(hashTypedDataHere(readTypedData(json))), hashTypedData(c.data));
      assert.equal(
        bytesToHex(hashTypedDataHere(readTypedData(JSON.stringify(json)))),
        hashTypedData(c.data),
        "as MetaMask sends it: JSON text",
      );
    });
  }

  it("typed data that does not fit its types is -32602", () => {
    const bad = { domain: {}, types: { P: [{ name: "n", type: "uint8" }] }, primaryType: "P", message: { n: 256 } };
    assert.throws(
      () => hashTypedDataHere(readTypedData(bad)),
      (err: unknown) => err instanceof RpcError && err.code === -32602,
    );
    assert.throws(
      () => readTypedData({ types: {}, primaryType: "Missing" }),
      (err: unknown) => err instanceof RpcError && err.code === -32602,
    );
  });
});
