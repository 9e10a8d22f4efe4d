// web3_ namespace: the client version and keccak-256 of given bytes.
import { keccak256 } from "@eigenchain/chain";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData } from "../format.js";
import { expectParams, readData } from "../params.js";

export function registerWeb3Methods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("web3_clientVersion", (params) => {
    expectParams(params, 0, 0);
    return ctx.clientVersion;
  });
  rpc.add("web3_sha3", (params) => {
    expectParams(params, 1, 1);
    return toData(keccak256(readData(params[0], 0)));
  });
}
