// The executor's Common as data a worker thread can rebuild it from.
import type { ChainConfig } from "@ethereumjs/common";
import { Common } from "@ethereumjs/common";
import { keccak } from "../crypto/keccak.js";

/**
 * What a worker thread needs to rebuild the executor's `Common` (a class instance, which cannot be
 * posted): the chain's parameters, the hardfork and any extra EIPs. Custom crypto (functions)
 * cannot cross either; see `ParallelExecutorOpts.workerKzgModule`.
 */
export interface CommonSpec {
  chain: ChainConfig;
  hardfork: string;
  eips: number[];
}

export function describeCommon(common: Common): CommonSpec {
  // The chain parameters are a JSON copy made by Common's constructor; ethereumjs has no getter for them.
  const chain = (common as unknown as { _chainParams: ChainConfig })._chainParams;
  return { chain: JSON.parse(JSON.stringify(chain)) as ChainConfig, hardfork: common.hardfork(), eips: [...common.eips()] };
}

/** The Common again, with the native keccak (a function: it cannot be posted) unless `customCrypto` names another. */
export function rebuildCommon(spec: CommonSpec, customCrypto?: Common["customCrypto"]): Common {
  return new Common({ chain: spec.chain, hardfork: spec.hardfork, eips: spec.eips, customCrypto: { keccak256: keccak, ...customCrypto } });
}
