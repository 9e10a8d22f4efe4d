// Block 0 of a network from its genesis file and genesis state root (EIGENChain's format or geth's).
import type { Block, Common, Genesis } from "@eigenchain/chain";
import { computeValidatorSetHash, createChainBlock } from "@eigenchain/chain";
import { createBlock } from "@ethereumjs/block";
import { hexToBytes, setLengthLeft } from "@ethereumjs/util";

/**
 * Block 0 of a network: the genesis file's header fields over the genesis state root. With validators,
 * its extraData is the validator set hash (as in every later header), so two genesis files that differ
 * only in their validators give different genesis hashes. A geth-format genesis gives geth's block 0:
 * its header fields as ethereumjs reads them (`common.genesis()`), under the rules of block 0.
 */
export function createGenesisBlock(genesis: Genesis, stateRoot: Uint8Array, common: Common): Block {
  if (genesis.geth !== undefined) return createGethGenesisBlock(genesis, genesis.geth, stateRoot, common);
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

/** A 0x-hex header field of a geth genesis (geth writes `null` or leaves out what the fork rules set). */
function readGethField(json: Record<string, unknown>, key: string): string | undefined {
  const value = json[key];
  return typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value) ? value : undefined;
}

/** geth's block 0 (`core.Genesis.ToBlock`): the file's header fields; ethereumjs fills what the rules of block 0 add. */
function createGethGenesisBlock(genesis: Genesis, json: Record<string, unknown>, stateRoot: Uint8Array, common: Common): Block {
  const difficulty = readGethField(json, "difficulty");
  const mixHash = readGethField(json, "mixHash");
  const nonce = readGethField(json, "nonce");
  const excessBlobGas = readGethField(json, "excessBlobGas");
  const hasBaseFee = readGethField(json, "baseFeePerGas") !== undefined;
  return createBlock(
    {
      header: {
        number: 0n,
        stateRoot,
        gasLimit: genesis.gasLimit,
        timestamp: genesis.timestamp,
        extraData: genesis.extraData,
        coinbase: genesis.coinbase,
        difficulty: difficulty === undefined ? 0n : BigInt(difficulty),
        nonce: setLengthLeft(hexToBytes(nonce === undefined || nonce === "0x" ? "0x00" : (nonce as `0x${string}`)), 8),
        ...(mixHash === undefined ? {} : { mixHash: hexToBytes(mixHash as `0x${string}`) }),
        ...(hasBaseFee ? { baseFeePerGas: genesis.baseFeePerGas } : {}),
        ...(excessBlobGas === undefined ? {} : { excessBlobGas: BigInt(excessBlobGas) }),
      },
    },
    { common, setHardfork: true },
  );
}
