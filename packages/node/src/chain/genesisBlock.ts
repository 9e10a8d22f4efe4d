import type { Block, Common, Genesis } from "@eigenchain/chain";
import { computeValidatorSetHash, createChainBlock } from "@eigenchain/chain";

/**
 * Block 0 of a network: the genesis file's header fields over the genesis state root. With validators,
 * its extraData is the validator set hash (as in every later header), so two genesis files that differ
 * only in their validators give different genesis hashes.
 */
export function createGenesisBlock(genesis: Genesis, stateRoot: Uint8Array, common: Common): Block {
  return createChainBlock(
    {
      number: 0n,
      parentHash: new Uint8Array(32),
      stateRoot,
      gasLimit: genesis.gasLimit,
      gasUsed: 0n,
      timestamp: genesis.timestamp,
      extraData: genesis.validators.length > 0 ? computeValidatorSetHash(genesis.validators) : genesis.extraData,
      coinbase: genesis.coinbase,
      baseFeePerGas: genesis.baseFeePerGas,
      difficulty: 0n,
      mixHash: new Uint8Array(32),
      nonce: new Uint8Array(8),
    },
    [],
    common,
  );
}
