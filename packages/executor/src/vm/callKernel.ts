// eth_call on a throwaway overlay of one state root (runs on this thread or in a call worker).
import type { Common } from "@eigenchain/chain";
import { createTx } from "@ethereumjs/tx";
import { Address, bigIntToUnpaddedBytes, hexToBytes } from "@ethereumjs/util";
import { runTx } from "@ethereumjs/vm";
import type { BlockEnv, CallRequest, CallResult } from "../interface.js";
import { bytesToHexFast } from "../state/bytes.js";
import type { StateSource } from "./flatState.js";
import type { ExecutionVm } from "./txKernel.js";
import { classifyInvalid } from "./txKernel.js";

/** eth_call's default gas cap, as geth's `--rpc.gascap`. */
export const DEFAULT_CALL_GAS_CAP = 50_000_000n;

function bytesToHex0x(bytes: Uint8Array): `0x${string}` {
  return `0x${bytesToHexFast(bytes)}`;
}

/**
 * The transaction a call request becomes (unsigned): EIP-7702 (type 4) with an authorization list,
 * EIP-1559 (type 2) with either fee field, else legacy (type 1 with an access list, else 0).
 */
export function createCallTxData(request: CallRequest, env: BlockEnv, nonce: bigint, gasLimit: bigint): Record<string, unknown> {
  const base = {
    nonce,
    gasLimit,
    value: request.value ?? 0n,
    data: request.data ?? new Uint8Array(),
    ...(request.to !== undefined ? { to: request.to } : {}),
  };
  const accessList = (request.accessList ?? []).map((e) => ({
    address: bytesToHex0x(e.address),
    storageKeys: e.storageKeys.map(bytesToHex0x),
  }));
  const tip = request.maxPriorityFeePerGas ?? 0n;
  const maxFeePerGas = request.maxFeePerGas ?? request.gasPrice ?? env.baseFeePerGas + tip;
  if (request.authorizationList !== undefined) {
    const authorizationList = request.authorizationList.map((a) => [
      bigIntToUnpaddedBytes(a.chainId),
      a.address,
      bigIntToUnpaddedBytes(a.nonce),
      bigIntToUnpaddedBytes(a.yParity),
      bigIntToUnpaddedBytes(a.r),
      bigIntToUnpaddedBytes(a.s),
    ]);
    return { ...base, type: 4, maxFeePerGas, maxPriorityFeePerGas: tip, accessList, authorizationList };
  }
  if (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined) {
    return { ...base, type: 2, maxFeePerGas, maxPriorityFeePerGas: tip, accessList };
  }
  return {
    ...base,
    type: accessList.length > 0 ? 1 : 0,
    gasPrice: request.gasPrice ?? 0n,
    ...(accessList.length > 0 ? { accessList } : {}),
  };
}

/**
 * eth_call on a throwaway overlay of `source` (one state root, read from the store on this thread
 * or through messages from a call worker). Needs no store, so a worker thread runs it as it is.
 */
export async function runCallOnSource(
  exec: ExecutionVm,
  source: StateSource,
  common: Common,
  env: BlockEnv,
  request: CallRequest,
): Promise<CallResult> {
  exec.state.reset(source);
  try {
    const priced = request.gasPrice !== undefined || request.maxFeePerGas !== undefined;
    const block = exec.setEnv(priced ? env : { ...env, baseFeePerGas: 0n });
    const from = new Address(request.from ?? new Uint8Array(20));
    const sender = await exec.state.getAccount(from);
    const gasLimit = request.gas !== undefined && request.gas < DEFAULT_CALL_GAS_CAP ? request.gas : DEFAULT_CALL_GAS_CAP;
    const txData = createCallTxData(request, env, request.nonce ?? sender?.nonce ?? 0n, gasLimit);
    try {
      // Inside the try: ethereumjs refuses fields no transaction may carry (fee × gas past 2^256,
      // init code past EIP-3860) as it builds one, and that is the caller's error, not ours.
      const tx = createTx(txData as never, { common, freeze: false });
      // An unsigned transaction "from" anyone, as eth_call allows.
      Object.defineProperty(tx, "getSenderAddress", { value: () => from });
      Object.defineProperty(tx, "isSigned", { value: () => true });
      const result = await runTx(exec.vm, {
        tx,
        block,
        skipNonce: true,
        skipBalance: !priced,
        skipBlockGasLimitValidation: true,
        skipHardForkValidation: true,
        reportAccessList: request.reportAccessList === true,
      });
      const error = result.execResult.exceptionError?.error;
      const reported =
        result.accessList === undefined
          ? {}
          : {
              accessList: result.accessList.map((entry) => ({
                address: hexToBytes(entry.address as `0x${string}`),
                storageKeys: entry.storageKeys.map((key) => hexToBytes(key as `0x${string}`)),
              })),
            };
      if (error === undefined)
        return { returnData: result.execResult.returnValue, gasUsed: result.totalGasSpent, reverted: false, ...reported };
      if (error === "revert")
        return {
          returnData: result.execResult.returnValue,
          gasUsed: result.totalGasSpent,
          reverted: true,
          error: "execution reverted",
          ...reported,
        };
      return { returnData: new Uint8Array(), gasUsed: result.totalGasSpent, reverted: false, error, ...reported };
    } catch (err) {
      return { returnData: new Uint8Array(), gasUsed: 0n, reverted: false, error: classifyInvalid((err as Error).message) };
    }
  } finally {
    // Drop the overlay (and the source's cache) now rather than at the next call.
    exec.state.reset(EMPTY_SOURCE);
  }
}

/** Reads nothing: what a call VM holds between calls, so no state of the last call stays reachable. */
export const EMPTY_SOURCE: StateSource = {
  getAccount: async () => undefined,
  getStorage: async () => new Uint8Array(),
  getCode: async () => new Uint8Array(),
};
