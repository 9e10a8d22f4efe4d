// The ethereumjs Common for an EIGENChain network: mainnet's rules at Prague with the chain's id.

import type { CustomCrypto } from "@ethereumjs/common";
import { type Common, createCustomCommon, Hardfork, Mainnet } from "@ethereumjs/common";

/** The EVM rule set EIGENChain runs: Prague (includes Cancun, Shanghai, EIP-1559 and EIP-7702). */
export const EIGENCHAIN_HARDFORK = Hardfork.Prague;

/**
 * Builds the ethereumjs `Common` for an EIGENChain network: mainnet's parameters at Prague with
 * our chain id. `customCrypto` is the seam for a native ecrecover/keccak.
 */
export function createChainCommon(chainId: bigint, customCrypto?: CustomCrypto): Common {
  return createCustomCommon(
    { chainId: Number(chainId), name: `eigenchain-${chainId}` },
    Mainnet,
    customCrypto === undefined ? { hardfork: EIGENCHAIN_HARDFORK } : { hardfork: EIGENCHAIN_HARDFORK, customCrypto },
  );
}

export type { Common };
