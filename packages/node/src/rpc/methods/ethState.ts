// Account state at a block: balance, nonce, code and storage slots.
import { bigIntToBytes, setLengthLeft } from "@ethereumjs/util";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { createInvalidParamsError } from "../errors.js";
import { toData, toQuantity } from "../format.js";
import { expectParams, readAddress, readHash, readOptionalBlockSelector, readQuantity } from "../params.js";

/** Slots one eth_getStorageValues may read, all addresses together (geth's limit). */
export const MAX_STORAGE_VALUES_SLOTS = 1024;

/** eth_getStorageValues' first param: address → 32-byte slots, typed once. */
function readStorageRequest(value: unknown): { address: Uint8Array; slots: Uint8Array[] }[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw createInvalidParamsError("invalid argument 0: expected an object of address to storage slots");
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw createInvalidParamsError("empty request");
  let total = 0;
  return entries.map(([key, slots]) => {
    if (!Array.isArray(slots)) throw createInvalidParamsError("invalid argument 0: storage slots must be an array");
    total += slots.length;
    if (total > MAX_STORAGE_VALUES_SLOTS) throw createInvalidParamsError(`too many slots (max ${MAX_STORAGE_VALUES_SLOTS})`);
    return { address: readAddress(key, 0), slots: slots.map((slot) => readHash(slot, 0)) };
  });
}

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

  // Many slots of many accounts at one block: `{address: [slot, …]}` → `{address: [value, …]}`.
  rpc.add("eth_getStorageValues", async (params) => {
    expectParams(params, 1, 2);
    const request = readStorageRequest(params[0]);
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[1], 1));
    const view = ctx.stateStore.view(block.header.stateRoot);
    const result: Record<string, string[]> = {};
    for (const { address, slots } of request) {
      result[toData(address)] = await Promise.all(slots.map(async (slot) => toData(await view.getStorageAt(address, slot))));
    }
    return result;
  });
}

function readQuantityOrHash(value: unknown): bigint {
  if (typeof value === "string" && /^0x0[0-9a-fA-F]+$/.test(value) && value.length <= 66) return BigInt(value);
  return readQuantity(value, 1);
}
