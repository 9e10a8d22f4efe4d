// JSON-RPC error codes and the mapping of anything a handler throws to what the client sees.
import { isEigenError } from "@eigenchain/chain";
import { JSONRPCErrorException } from "json-rpc-2.0";

/** JSON-RPC 2.0 and EIP-1474 error codes, plus geth's 3 for reverts. */
export const RPC_ERROR_CODE = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** EIP-1474 "invalid input"; geth answers transaction rejections and missing headers with it. */
  INVALID_INPUT: -32000,
  RESOURCE_NOT_FOUND: -32001,
  RESOURCE_UNAVAILABLE: -32002,
  TRANSACTION_REJECTED: -32003,
  METHOD_NOT_SUPPORTED: -32004,
  LIMIT_EXCEEDED: -32005,
  EXECUTION_REVERTED: 3,
} as const;

/**
 * An error that goes back to the client as `{code, message, data}` exactly. (Not a subclass of
 * json-rpc-2.0's exception: that one is compiled to ES5, which breaks `instanceof` for subclasses.)
 */
export class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }
}

export function createInvalidParamsError(message: string): RpcError {
  return new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, message);
}

/** geth's text, which some clients match on. */
export function createMethodNotFoundError(method: string): RpcError {
  return new RpcError(RPC_ERROR_CODE.METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`);
}

export function createHeaderNotFoundError(): RpcError {
  return new RpcError(RPC_ERROR_CODE.INVALID_INPUT, "header not found");
}

/**
 * Maps anything a handler threw to what the client sees. Errors from the pool and the transaction
 * decoder carry geth's texts and become -32000 with that text (what ethers and viem classify by);
 * anything unexpected becomes a bare internal error so no internals leak.
 */
export function toRpcError(err: unknown): { error: RpcError; unexpected: boolean } {
  if (err instanceof RpcError) return { error: err, unexpected: false };
  if (err instanceof JSONRPCErrorException) return { error: new RpcError(err.code, err.message, err.data), unexpected: false };
  if (isEigenError(err)) {
    const code = err.code;
    if (code.startsWith("MEMPOOL_") || code.startsWith("TX_")) {
      return { error: new RpcError(RPC_ERROR_CODE.INVALID_INPUT, err.message), unexpected: false };
    }
  }
  return { error: new RpcError(RPC_ERROR_CODE.INTERNAL_ERROR, "internal error"), unexpected: true };
}
