// The ethereumjs Common of a network: EIGENChain's fixed rules (Prague with the chain's id), or a geth genesis's fork schedule.

import type { CustomCrypto, GethGenesis } from "@ethereumjs/common";
import { type Common, createCommonFromGethGenesis, createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";
import type { Genesis } from "./genesis.js";
import { keccak256 } from "./hash.js";

/** The EVM rule set EIGENChain runs: Prague (includes Cancun, Shanghai, EIP-1559 and EIP-7702). */
export const EIGENCHAIN_HARDFORK = Hardfork.Prague;

/**
 * Name prefix of a Common built from a geth genesis. Such a chain's rules change by block number
 * and timestamp, so its blocks are decoded and built with the hardfork of their own height
 * (`hasForkSchedule`); EIGENChain's own chains run one rule set at every height.
 */
export const GETH_CHAIN_PREFIX = "geth-genesis-";

/**
 * Builds the ethereumjs `Common` for an EIGENChain network: mainnet's parameters at Prague with
 * our chain id. `customCrypto` is ethereumjs's seam for native crypto; keccak is chain's own (native
 * where the addon loads) unless it names another: transaction hashes and signing hashes, the EVM's
 * KECCAK256, all through it.
 */
export function createChainCommon(chainId: bigint, customCrypto?: CustomCrypto): Common {
  return createCustomCommon({ chainId: Number(chainId), name: `eigenchain-${chainId}` }, Mainnet, {
    hardfork: EIGENCHAIN_HARDFORK,
    customCrypto: { keccak256, ...customCrypto },
  });
}

/**
 * A stand-in KZG: ethereumjs refuses to build an EIP-4844 transaction without one, but calls it only
 * to verify blob proofs (blobs travel beside blocks, never in them) and in the point-evaluation
 * precompile. A chain imported from a file needs the former only; a call of the latter fails.
 */
function createUnavailableKzg(): NonNullable<CustomCrypto["kzg"]> {
  const unavailable = (): never => {
    throw new Error("KZG is not available on this node");
  };
  return {
    blobToKzgCommitment: unavailable,
    computeBlobProof: unavailable,
    verifyProof: unavailable,
    verifyBlobProofBatch: unavailable,
    computeCells: unavailable,
    computeCellsAndProofs: unavailable,
    recoverCellsAndProofs: unavailable,
    verifyCellKzgProofBatch: unavailable,
  };
}

/**
 * The Common of a genesis: EIGENChain's format gets `createChainCommon`; geth's format gets the
 * fork schedule of its `config` through ethereumjs's own reader (`createCommonFromGethGenesis`),
 * set to the schedule's last fork (the rules of a chain's head once it is past every fork).
 */
export function createGenesisCommon(genesis: Genesis, customCrypto?: CustomCrypto): Common {
  if (genesis.geth === undefined) return createChainCommon(genesis.chainId, customCrypto);
  // geth leaves out header fields it defaults to zero; ethereumjs's reader requires them.
  const json = { timestamp: "0x0", nonce: "0x0", difficulty: "0x0", extraData: "0x", ...withoutNulls(genesis.geth) };
  return createCommonFromGethGenesis(json as unknown as GethGenesis, {
    chain: `${GETH_CHAIN_PREFIX}${genesis.chainId}`,
    customCrypto: { kzg: createUnavailableKzg(), keccak256, ...customCrypto },
  });
}

function withoutNulls(json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).filter(([, value]) => value !== null && value !== undefined));
}

/** Whether the Common's rules change with the block (a geth genesis's schedule): blocks then take their own height's hardfork. */
export function hasForkSchedule(common: Common): boolean {
  return common.chainName().startsWith(GETH_CHAIN_PREFIX);
}

export type { Common };
