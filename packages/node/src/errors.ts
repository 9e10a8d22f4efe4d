// The node's error codes.
import { EigenError } from "@eigenchain/chain";

/** Why the node refused to start or to open its data directory. Messages are for the operator. */
export type NodeErrorType =
  | { code: "NODE_DATADIR_LOCKED"; datadir: string }
  | { code: "NODE_DATADIR_INVALID"; datadir: string }
  | { code: "NODE_DATADIR_UNINITIALIZED"; datadir: string }
  | { code: "NODE_DATADIR_ALREADY_INITIALIZED"; datadir: string }
  | { code: "NODE_GENESIS_MISMATCH"; stored: string; given: string }
  | { code: "NODE_CONFIG_INVALID"; option: string }
  | { code: "NODE_GENESIS_VALIDATORS"; index: number }
  | { code: "NODE_VALIDATOR_KEY"; path: string }
  | { code: "NODE_IMPORT_INVALID_BLOCK"; file: string; index: number; number?: string };

export type NodeErrorCode = NodeErrorType["code"];
export type NodeError = EigenError<NodeErrorType>;

export function createNodeError(type: NodeErrorType, message: string, cause?: unknown): NodeError {
  return new EigenError<NodeErrorType>(type, message, cause === undefined ? undefined : { cause });
}
