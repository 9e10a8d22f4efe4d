// Public API of @eigenchain/chain: chain primitives shared by every other package.

export type { Block, BlockHeader, HeaderData } from "./block.js";
export { createChainBlock, decodeBlock, encodeBlock, getBlockSize } from "./block.js";
export { addToBloom, BLOOM_BYTES, orBloom } from "./bloom.js";
export type { Common } from "./chainCommon.js";
export { createChainCommon, createGenesisCommon, EIGENCHAIN_HARDFORK, GETH_CHAIN_PREFIX, hasForkSchedule } from "./chainCommon.js";
export { EigenError, isEigenError } from "./errors.js";
export type { Genesis, GenesisAccount, GenesisErrorType, GenesisValidator } from "./genesis.js";
export { isGethGenesisConfig, parseGenesis, parseGenesisJson } from "./genesis.js";
export { keccak256, keccak256Backend, keccak256Js } from "./hash.js";
export { toHex } from "./hex.js";
export {
  createParallelTransaction,
  createParallelTransactionFromRLP,
  isParallelTransaction,
  PARALLEL_TRANSACTION_TYPE,
  ParallelTransaction,
} from "./parallelTransaction.js";
export type { Log, Receipt } from "./receipt.js";
export { createLogsBloom, encodeReceipt } from "./receipt.js";
export type { NativeSecp256k1 } from "./secp256k1.js";
export { getRecoveryId, loadNativeSecp256k1, recoverPublicKeyNative } from "./secp256k1.js";
export { hasNonCanonicalSignature, SECP256K1_N_DIV_2 } from "./signature.js";
export type { RecoverableSignature } from "./signHash.js";
export { signHash } from "./signHash.js";
export type { KnownTransactionLookup, TxDecodeError, TxDecodeErrorType, TypedTransaction } from "./transaction.js";
export {
  cacheSenderPublicKey,
  createSharedTxCommon,
  decodeBlockTransaction,
  decodeTransaction,
  getTransactionBytes,
  MAX_TRANSACTION_BYTES,
  recoverSender,
} from "./transaction.js";
export { computeValidatorSetHash } from "./validatorSetHash.js";
