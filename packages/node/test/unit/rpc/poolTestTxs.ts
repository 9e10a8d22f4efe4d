// Signed test transactions and a pool for the node's txpool_/parallel_ unit tests (not a test file itself).
import { createChainCommon, keccak256 } from "@eigenchain/chain";
import { createParallelPool, type ParallelPool, type ParallelPoolOpts } from "@eigenchain/mempool";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";

export const common = createChainCommon(57710n);
export const GWEI = 1_000_000_000n;
export const ETHER = 10n ** 18n;
export const RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

/** Hardhat/anvil's first test keys. */
export const KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
].map((k) => hexToBytes(k as `0x${string}`));

/** A deterministic key per index beyond the named ones (the mempool tests' keys). */
export function keyFor(i: number): Uint8Array {
  if (i < KEYS.length) return KEYS[i] as Uint8Array;
  return keccak256(new TextEncoder().encode(`eigenchain-test-key-${i}`));
}

export interface TxSpec {
  key?: Uint8Array;
  nonce?: bigint;
  /** Fee cap (1559) or gas price (legacy). */
  maxFee?: bigint;
  tip?: bigint;
  gasLimit?: bigint;
  to?: string;
  data?: Uint8Array;
  type?: 0 | 2;
}

/** A signed transfer of 1 wei (type 2 unless `type: 0`), 21,000 gas, 2 gwei fee cap, 1 gwei tip by default. */
export function rawTx(spec: TxSpec = {}): Uint8Array {
  const key = spec.key ?? (KEYS[0] as Uint8Array);
  const base = {
    nonce: spec.nonce ?? 0n,
    gasLimit: spec.gasLimit ?? 21_000n,
    to: (spec.to ?? RECIPIENT) as `0x${string}`,
    value: 1n,
    data: spec.data ?? new Uint8Array(),
  };
  const maxFee = spec.maxFee ?? 2n * GWEI;
  if (spec.type === 0)
    return createLegacyTx({ ...base, gasPrice: maxFee }, { common })
      .sign(key)
      .serialize();
  return createFeeMarket1559Tx({ ...base, maxFeePerGas: maxFee, maxPriorityFeePerGas: spec.tip ?? GWEI }, { common })
    .sign(key)
    .serialize();
}

/** A pool on the main thread where every account has nonce 0 and 1 ether. */
export function createTestPool(opts: ParallelPoolOpts = {}): ParallelPool {
  return createParallelPool({ recovery: "main", ...opts }, { common, state: { getNonce: async () => 0n, getBalance: async () => ETHER } });
}
