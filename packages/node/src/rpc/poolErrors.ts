// The JSON-RPC errors of the parallel_ methods: the pool's batch-size refusal and methods disabled by configuration.
import { isEigenError } from "@eigenchain/chain";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";

/** The flag that enables the parallel_ methods that change node behaviour (parallel_setBatchSize). */
export const ALLOW_CONFIG_FLAG = "--parallel.allow-config";

/**
 * A method that changes behaviour or costs two executors' work, asked without `ALLOW_CONFIG_FLAG`:
 * -32601 (what geth answers for a method that is not enabled) with a message naming the flag.
 */
export function createMethodDisabledError(method: string): RpcError {
  return new RpcError(
    RPC_ERROR_CODE.METHOD_NOT_FOUND,
    `the method ${method} is disabled; start the node with ${ALLOW_CONFIG_FLAG} to enable it`,
  );
}

/**
 * Maps the pool's request errors to JSON-RPC codes: an out-of-range batch size is -32602.
 * Anything else is rethrown for the dispatcher.
 */
export function toPoolRpcError(err: unknown): unknown {
  if (isEigenError(err, "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE")) return new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, err.message);
  return err;
}

/** Runs a pool query, translating its errors with `toPoolRpcError`. */
export function callPool<T>(query: () => T): T {
  try {
    return query();
  } catch (err) {
    throw toPoolRpcError(err);
  }
}
