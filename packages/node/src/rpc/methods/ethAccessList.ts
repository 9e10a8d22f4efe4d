// eth_createAccessList: what a call touches, as an EIP-2930 access list (also a 0x05 transaction's binding list).
import type { Block } from "@eigenchain/chain";
import type { CallRequest } from "@eigenchain/executor";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { toData, toQuantity } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readCallRequest, readOptionalBlockSelector } from "../params.js";
import { gasAllowance, getCallEnv, runCall } from "./ethCall.js";

type AccessList = NonNullable<CallRequest["accessList"]>;

/**
 * Runs before the list settles. Each round adds what the last one warmed; a list only grows and
 * its items are those a call can reach, so two or three rounds settle any real call. The bound
 * keeps a call whose accesses depend on its own gas (GAS-driven branches) from running forever.
 */
const MAX_ACCESS_LIST_ROUNDS = 8;

function keyOf(list: AccessList): string {
  return list.map((e) => `${toData(e.address)}:${e.storageKeys.map(toData).join(",")}`).join(";");
}

export interface AccessListResult {
  accessList: { address: string; storageKeys: string[] }[];
  gasUsed: bigint;
  error?: string;
}

/**
 * geth's algorithm: run the call with the list so far, take what it warmed as the next list, until
 * a run warms exactly its own list; gas used is that run's (with the list's cheaper warm accesses).
 * An invalid transaction (nonce, funds) is an error, a failed execution is the `error` field.
 */
export async function createAccessList(ctx: RpcContext, block: Block, request: CallRequest): Promise<AccessListResult> {
  const env = await getCallEnv(ctx, block);
  const gas = gasAllowance(ctx, block, request);
  let list: AccessList = request.accessList ?? [];
  for (let round = 0; ; round++) {
    const result = await runCall(ctx, block, env, { ...request, gas, accessList: list, reportAccessList: true });
    if (result.accessList === undefined) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, result.error ?? "execution failed");
    const settled = keyOf(result.accessList) === keyOf(list);
    if (settled || round + 1 >= MAX_ACCESS_LIST_ROUNDS) {
      return {
        accessList: result.accessList.map((e) => ({ address: toData(e.address), storageKeys: e.storageKeys.map(toData) })),
        gasUsed: result.gasUsed,
        ...(result.error !== undefined ? { error: result.error } : {}),
      };
    }
    list = result.accessList;
  }
}

export function registerEthAccessListMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_createAccessList", async (params) => {
    expectParams(params, 1, 2);
    const request = readCallRequest(params[0], 0);
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[1], 1));
    const result = await runHeavy(ctx, () => createAccessList(ctx, block, request));
    return {
      accessList: result.accessList,
      gasUsed: toQuantity(result.gasUsed),
      ...(result.error !== undefined ? { error: result.error } : {}),
    };
  });
}
