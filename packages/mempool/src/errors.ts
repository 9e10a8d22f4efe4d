// The pool's error codes and refusals, with geth's texts.
import { EigenError } from "@eigenchain/chain";

/**
 * Why the pool refused a transaction or a request. Messages start with geth's texts
 * (`core/txpool/errors.go`, `core/error.go`) because ethers, viem and cast classify node errors by
 * them; details follow after a colon exactly as geth formats them.
 */
export type MempoolErrorType =
  | { code: "MEMPOOL_ALREADY_KNOWN" }
  | { code: "MEMPOOL_NONCE_TOO_LOW"; next: bigint; nonce: bigint }
  | { code: "MEMPOOL_INSUFFICIENT_FUNDS"; balance: bigint; cost: bigint }
  | { code: "MEMPOOL_INTRINSIC_GAS"; gas: bigint; needed: bigint }
  | { code: "MEMPOOL_FLOOR_DATA_GAS"; gas: bigint; needed: bigint }
  | { code: "MEMPOOL_GAS_LIMIT"; gas: bigint; limit: bigint }
  | { code: "MEMPOOL_TIP_ABOVE_FEE_CAP" }
  | { code: "MEMPOOL_UNDERPRICED" }
  | { code: "MEMPOOL_REPLACE_UNDERPRICED" }
  | { code: "MEMPOOL_POOL_FULL" }
  | { code: "MEMPOOL_ACCOUNT_LIMIT"; pooled: number }
  | { code: "MEMPOOL_INVALID_SENDER" }
  | { code: "MEMPOOL_BUSY" }
  | { code: "MEMPOOL_BATCH_SIZE_OUT_OF_RANGE"; size: number; min: number; max: number }
  | { code: "MEMPOOL_CLOSED" };

export type MempoolErrorCode = MempoolErrorType["code"];
export type MempoolError = EigenError<MempoolErrorType>;

/** An admission refusal as the pure core returns it (no throwing on the hot path). */
export interface Rejection {
  type: MempoolErrorType;
  message: string;
}

export function createMempoolError(rejection: Rejection, cause?: unknown): MempoolError {
  return new EigenError<MempoolErrorType>(rejection.type, rejection.message, cause === undefined ? undefined : { cause });
}

/**
 * Whether a peer that gossiped a transaction refused for this reason sent something bad (penalise)
 * or merely something stale or cheap (ignore). The one place gossip penalties are decided for
 * mempool errors.
 */
export function isBadTransaction(code: string): boolean {
  return (
    code.startsWith("TX_") ||
    code === "MEMPOOL_INVALID_SENDER" ||
    code === "MEMPOOL_INTRINSIC_GAS" ||
    code === "MEMPOOL_FLOOR_DATA_GAS" ||
    code === "MEMPOOL_TIP_ABOVE_FEE_CAP" ||
    code === "MEMPOOL_GAS_LIMIT"
  );
}
