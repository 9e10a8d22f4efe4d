import { isEigenError } from "@eigenchain/chain";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";

/** The flag that enables the parallel_ methods that change node behaviour (parallel_setBatchSize). */
export const ALLOW_CONFIG_FLAG = "--parallel.allow-config";

/**
 * Maps the pool's request errors to JSON-RPC codes: bad params and an out-of-range batch size are
 * -32602; a method disabled by configuration is -32601 (what geth answers for a method that is
 * not enabled) with a message naming the flag. Anything else is rethrown for the dispatcher.
 */
export function toPoolRpcError(err: unknown): unknown {
  if (!isEigenError(err)) return err;
  switch (err.code) {
    case "MEMPOOL_INVALID_PARAMS":
    case "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE":
      return new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, err.message);
    case "MEMPOOL_METHOD_DISABLED": {
      const method = (err.type as { method?: string }).method ?? "method";
      return new RpcError(
        RPC_ERROR_CODE.METHOD_NOT_FOUND,
        `the method ${method} is disabled; start the node with ${ALLOW_CONFIG_FLAG} to enable it`,
      );
    }
    default:
      return err;
  }
}

/** Runs a pool query, translating its errors with `toPoolRpcError`. */
export function callPool<T>(query: () => T): T {
  try {
    return query();
  } catch (err) {
    throw toPoolRpcError(err);
  }
}
