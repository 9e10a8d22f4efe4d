import { bigIntToBytes, setLengthLeft } from "@ethereumjs/util";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData, toQuantity } from "../format.js";
import { expectParams, readAddress, readOptionalBlockSelector, readQuantity } from "../params.js";

export function registerEthStateMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  const viewAt = async (selectorParam: unknown) => {
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(selectorParam, 1));
    return ctx.stateStore.view(block.header.stateRoot);
  };

  rpc.add("eth_getBalance", async (params) => {
    expectParams(params, 1, 2);
    const address = readAddress(params[0], 0);
    const account = await (await viewAt(params[1])).getAccount(address);
    return toQuantity(account?.balance ?? 0n);
  });

  rpc.add("eth_getTransactionCount", async (params) => {
    expectParams(params, 1, 2);
    const address = readAddress(params[0], 0);
    if (params[1] === "pending") {
      const pendingNonce = ctx.mempool.getPendingNonce(address);
      if (pendingNonce !== undefined) return toQuantity(pendingNonce);
    }
    const account = await (await viewAt(params[1])).getAccount(address);
    return toQuantity(account?.nonce ?? 0n);
  });

  rpc.add("eth_getCode", async (params) => {
    expectParams(params, 1, 2);
    const address = readAddress(params[0], 0);
    return toData(await (await viewAt(params[1])).getCode(address));
  });

  rpc.add("eth_getStorageAt", async (params) => {
    expectParams(params, 2, 3);
    const address = readAddress(params[0], 0);
    // geth accepts any hex up to 32 bytes for the slot (a quantity or a full hash).
    const slot = setLengthLeft(bigIntToBytes(readQuantityOrHash(params[1])), 32);
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[2], 2));
    return toData(await ctx.stateStore.view(block.header.stateRoot).getStorageAt(address, slot));
  });
}

function readQuantityOrHash(value: unknown): bigint {
  if (typeof value === "string" && /^0x0[0-9a-fA-F]+$/.test(value) && value.length <= 66) return BigInt(value);
  return readQuantity(value, 1);
}
