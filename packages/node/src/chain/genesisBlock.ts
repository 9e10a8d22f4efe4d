import type { Block, Common, Genesis } from "@eigenchain/chain";
import { createChainBlock } from "@eigenchain/chain";

/** Block 0 of a network: the genesis file's header fields over the genesis state root. */
export function createGenesisBlock(genesis: Genesis, stateRoot: Uint8Array, common: Common): Block {
  return createChainBlock(
    {
      number: 0n,
      parentHash: new Uint8Array(32),
      stateRoot,
      gasLimit: genesis.gasLimit,
      gasUsed: 0n,
      timestamp: genesis.timestamp,
      extraData: genesis.extraData,
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
