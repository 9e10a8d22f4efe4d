// Public API of @eigenchain/chain: chain primitives shared by every other package.
export { EigenError, isEigenError } from "./errors.js";
export { keccak256 } from "./hash.js";
export { EIGENCHAIN_HARDFORK, createChainCommon } from "./chainCommon.js";
export type { Common } from "./chainCommon.js";
export { BLOOM_BYTES, addToBloom, bloomContains, orBloom } from "./bloom.js";
export { computeReceiptsRoot, createLogsBloom, encodeReceipt } from "./receipt.js";
export type { Log, Receipt } from "./receipt.js";
export { parseGenesis, parseGenesisJson } from "./genesis.js";
export { VALIDATOR_SET_HASH_BYTES, computeValidatorSetHash } from "./validatorSetHash.js";
export type { Genesis, GenesisAccount, GenesisErrorType, GenesisValidator } from "./genesis.js";
export { SECP256K1_N_DIV_2, hasNonCanonicalSignature } from "./signature.js";
export { getRecoveryId, loadNativeSecp256k1, recoverPublicKeyNative } from "./secp256k1.js";
export type { NativeSecp256k1 } from "./secp256k1.js";
export { MAX_TRANSACTION_BYTES, decodeBlockTransaction, decodeTransaction, getTransactionBytes, recoverSender } from "./transaction.js";
export {
  PARALLEL_TRANSACTION_TYPE,
  ParallelTransaction,
  createParallelTransaction,
  createParallelTransactionFromRLP,
  isParallelTransaction,
} from "./parallelTransaction.js";
export type { TxDecodeError, TxDecodeErrorType, TypedTransaction } from "./transaction.js";
export { createChainBlock, decodeBlock, encodeBlock } from "./block.js";
export type { Block, BlockHeader, HeaderData } from "./block.js";
