// eth_config (EIP-7910): the fork rules in force now, and the next and last scheduled ones, with their EIP-2124 fork ids.
import { crc32 } from "node:zlib";
import type { Common } from "@eigenchain/chain";
import { hasForkSchedule } from "@eigenchain/chain";
import { paramsBlock } from "@ethereumjs/block";
import { getActivePrecompiles } from "@ethereumjs/evm";
import { bigIntToBytes, setLengthLeft, toChecksumAddress } from "@ethereumjs/util";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData, toQuantity } from "../format.js";
import { expectParams } from "../params.js";

/** geth's names of the precompiles (EIP-7910 lists them by name). */
const PRECOMPILE_NAMES: Record<number, string> = {
  1: "ECREC",
  2: "SHA256",
  3: "RIPEMD160",
  4: "ID",
  5: "MODEXP",
  6: "BN254_ADD",
  7: "BN254_MUL",
  8: "BN254_PAIRING",
  9: "BLAKE2F",
  10: "KZG_POINT_EVALUATION",
  11: "BLS12_G1ADD",
  12: "BLS12_G1MSM",
  13: "BLS12_G2ADD",
  14: "BLS12_G2MSM",
  15: "BLS12_PAIRING_CHECK",
  16: "BLS12_MAP_FP_TO_G1",
  17: "BLS12_MAP_FP2_TO_G2",
  256: "P256VERIFY",
};
/** Blob gas of one blob (EIP-4844). */
const GAS_PER_BLOB = 131_072n;

/**
 * EIP-2124's fork hash: ethereumjs's for a geth genesis's schedule (CRC32 of the genesis hash and
 * each fork block or time up to `hardfork`); a chain of EIGENChain's own format has all its rules
 * from genesis, so it is the CRC32 of the genesis hash alone.
 */
function getForkId(common: Common, hardfork: string, genesisHash: Uint8Array): string {
  if (hasForkSchedule(common)) return common.forkHash(hardfork, genesisHash);
  return toData(setLengthLeft(bigIntToBytes(BigInt(crc32(genesisHash) >>> 0)), 4));
}

/** The fork's blob target, maximum and fee fraction; undefined where the rules do not say (a BPO fork without its parameters). */
function getBlobSchedule(common: Common): Record<string, number> | undefined {
  try {
    const schedule = common.getBlobGasSchedule();
    return {
      baseFeeUpdateFraction: Number(schedule.blobGasPriceUpdateFraction),
      max: Number(schedule.maxBlobGasPerBlock / GAS_PER_BLOB),
      target: Number(schedule.targetBlobGasPerBlock / GAS_PER_BLOB),
    };
  } catch {
    return undefined;
  }
}

function describeFork(base: Common, hardfork: string, genesisHash: Uint8Array, chainId: bigint): Record<string, unknown> {
  const common = base.copy();
  // The blob parameters are the block package's (a geth genesis's blobSchedule overrides them).
  common.updateParams(paramsBlock);
  common.updateParams((base as unknown as { _params: typeof paramsBlock })._params);
  common.setHardfork(hardfork);
  const precompiles: Record<string, string> = {};
  for (const address of getActivePrecompiles(common).keys()) {
    const number = Number.parseInt(address, 16);
    precompiles[PRECOMPILE_NAMES[number] ?? `0x${address}`] = toChecksumAddress(`0x${address.padStart(40, "0")}`);
  }
  const config: Record<string, unknown> = {
    activationTime: hasForkSchedule(common) ? Number(common.hardforkTimestamp(hardfork) ?? 0n) : 0,
    chainId: toQuantity(chainId),
    forkId: getForkId(common, hardfork, genesisHash),
    precompiles,
    // EIGENChain runs no system contracts (no beacon roots, no history contract, no requests).
    systemContracts: {},
  };
  const blobSchedule = common.isActivatedEIP(4844) ? getBlobSchedule(common) : undefined;
  if (blobSchedule !== undefined) config.blobSchedule = blobSchedule;
  return config;
}

export function registerEthConfigMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_config", async (params) => {
    expectParams(params, 0, 0);
    const head = ctx.store.getHead().header;
    const genesis = await ctx.store.getBlockByNumber(0n);
    const genesisHash = genesis?.hash() ?? new Uint8Array(32);
    // A geth genesis's schedule: the head's fork, and the forks scheduled by time after it (the
    // next one and the last one). EIGENChain's own format: one set of rules, from genesis on.
    const scheduled = hasForkSchedule(ctx.common);
    const at = ctx.common.copy();
    const current = scheduled ? at.setHardforkBy({ blockNumber: head.number, timestamp: head.timestamp }) : at.hardfork();
    const later = scheduled
      ? at.hardforks().filter((f) => f.timestamp !== undefined && f.timestamp !== null && BigInt(f.timestamp) > head.timestamp)
      : [];
    const next = later[0];
    const last = later[later.length - 1];
    return {
      current: describeFork(ctx.common, current, genesisHash, ctx.chainId),
      next: next === undefined ? null : describeFork(ctx.common, next.name, genesisHash, ctx.chainId),
      last: last === undefined ? null : describeFork(ctx.common, last.name, genesisHash, ctx.chainId),
    };
  });
}
