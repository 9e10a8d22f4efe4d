// Signing with the devnet's unlocked accounts: eth_sendTransaction, eth_signTransaction, eth_sign, personal_sign, eth_signTypedData_v4.
import type { CallRequest } from "@eigenchain/executor";
import { createTx } from "@ethereumjs/tx";
import { bytesToHex } from "@ethereumjs/util";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { toData } from "../format.js";
import { expectParams, readAddress, readCallRequest, readData } from "../params.js";
import { hashTypedData, readTypedData } from "../typedData.js";
import { estimateGas } from "./ethCall.js";
import { SUGGESTED_PRIORITY_FEE } from "./ethFees.js";

/** geth's answer for an account the node holds no key for. */
function keyOf(ctx: RpcContext, address: Uint8Array): Uint8Array {
  const key = ctx.accounts?.getKey(address);
  if (key === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "unknown account");
  return key;
}

/**
 * The transaction `request` describes, with what it leaves out filled in as a wallet would: the
 * sender's next nonce (pool included), an estimated gas limit, and EIP-1559 fees (twice the next
 * base fee plus a 1 gwei tip) unless it names a legacy gas price; then signed.
 */
async function signTransactionRequest(ctx: RpcContext, value: unknown): Promise<Uint8Array> {
  const request: CallRequest = readCallRequest(value, 0);
  if (request.from === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "invalid argument 0: from is required");
  const key = keyOf(ctx, request.from);
  const head = ctx.store.getHead();
  const nonce =
    request.nonce ??
    ctx.mempool.getPendingNonce(request.from) ??
    (await ctx.stateStore.view(head.header.stateRoot).getAccount(request.from))?.nonce ??
    0n;
  const gasLimit = request.gas ?? (await estimateGas(ctx, head, { ...request, nonce }));
  const accessList = (request.accessList ?? []).map((e) => ({
    address: bytesToHex(e.address),
    storageKeys: e.storageKeys.map(bytesToHex),
  }));
  const base = {
    chainId: ctx.chainId,
    nonce,
    gasLimit,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(),
    ...(request.to !== undefined ? { to: request.to } : {}),
  };
  const tip = request.maxPriorityFeePerGas ?? SUGGESTED_PRIORITY_FEE;
  const txData =
    request.gasPrice !== undefined
      ? { ...base, type: accessList.length > 0 ? 1 : 0, gasPrice: request.gasPrice, ...(accessList.length > 0 ? { accessList } : {}) }
      : {
          ...base,
          type: 2,
          maxPriorityFeePerGas: tip,
          maxFeePerGas: request.maxFeePerGas ?? head.header.calcNextBaseFee() * 2n + tip,
          accessList,
        };
  return createTx(txData as never, { common: ctx.common })
    .sign(key)
    .serialize();
}

export function registerDevAccountMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_sendTransaction", async (params) => {
    expectParams(params, 1, 1);
    const raw = await signTransactionRequest(ctx, params[0]);
    const added = await ctx.mempool.addLocal(raw);
    ctx.events.emit("pendingTransaction", added.hash);
    return toData(added.hash);
  });

  // geth's shape: the signed transaction's bytes and its fields.
  rpc.add("eth_signTransaction", async (params) => {
    expectParams(params, 1, 1);
    const raw = await signTransactionRequest(ctx, params[0]);
    return { raw: toData(raw) };
  });

  rpc.add("eth_sign", (params) => {
    expectParams(params, 2, 2);
    const key = keyOf(ctx, readAddress(params[0], 0));
    return toData(ctx.accounts!.signMessage(key, readData(params[1], 1)));
  });

  // personal_sign(message, address[, password]): the password is ignored (the account is unlocked).
  rpc.add("personal_sign", (params) => {
    expectParams(params, 2, 3);
    const message = readData(params[0], 0);
    const key = keyOf(ctx, readAddress(params[1], 1));
    return toData(ctx.accounts!.signMessage(key, message));
  });

  rpc.add("eth_signTypedData_v4", (params) => {
    expectParams(params, 2, 2);
    const key = keyOf(ctx, readAddress(params[0], 0));
    return toData(ctx.accounts!.signDigest(key, hashTypedData(readTypedData(params[1]))));
  });
}
