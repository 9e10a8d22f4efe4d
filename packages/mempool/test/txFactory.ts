// Signed test transactions for the mempool tests (not a test file itself).
import { type Common, createChainCommon, keccak256 } from "@eigenchain/chain";
import { type AccessListBytes, createAccessList2930Tx, createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes, privateToAddress } from "@ethereumjs/util";

export const CHAIN_ID = 57710n;
export const common = createChainCommon(CHAIN_ID);
export const GWEI = 1_000_000_000n;
export const ETHER = 10n ** 18n;

/** Hardhat/anvil's first test keys. */
export const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
].map((k) => hexToBytes(k as `0x${string}`));

/** A deterministic key per index beyond the named ones. */
export function keyFor(i: number): Uint8Array {
  if (i < KEYS.length) return KEYS[i] as Uint8Array;
  return keccak256(new TextEncoder().encode(`eigenchain-test-key-${i}`));
}

export function addressOf(key: Uint8Array): Uint8Array {
  return privateToAddress(key);
}

export function addressHex(key: Uint8Array): string {
  return bytesToHex(privateToAddress(key));
}

export const RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

export interface TxSpec {
  key?: Uint8Array;
  nonce?: bigint;
  /** Fee cap (1559) or gas price (legacy, 0x01). */
  maxFee?: bigint;
  tip?: bigint;
  gasLimit?: bigint;
  to?: string | null;
  value?: bigint;
  data?: Uint8Array;
  type?: 0 | 1 | 2;
  accessList?: AccessListBytes;
  common?: Common;
}

export function createChainCommonFor(chainId: bigint): Common {
  return createChainCommon(chainId);
}

export function signTx(spec: TxSpec = {}) {
  const key = spec.key ?? (KEYS[0] as Uint8Array);
  const base = {
    nonce: spec.nonce ?? 0n,
    gasLimit: spec.gasLimit ?? 21_000n,
    to: spec.to === null ? ("" as const) : ((spec.to ?? RECIPIENT) as `0x${string}`),
    value: spec.value ?? 1n,
    data: spec.data ?? new Uint8Array(),
  };
  const maxFee = spec.maxFee ?? 2n * GWEI;
  const c = spec.common ?? common;
  switch (spec.type ?? 2) {
    case 0:
      return createLegacyTx({ ...base, gasPrice: maxFee }, { common: c }).sign(key);
    case 1:
      return createAccessList2930Tx({ ...base, gasPrice: maxFee, accessList: spec.accessList ?? [] }, { common: c }).sign(key);
    default:
      return createFeeMarket1559Tx(
        { ...base, maxFeePerGas: maxFee, maxPriorityFeePerGas: spec.tip ?? GWEI, accessList: spec.accessList ?? [] },
        { common: c },
      ).sign(key);
  }
}

export function rawTx(spec: TxSpec = {}): Uint8Array {
  return signTx(spec).serialize();
}
