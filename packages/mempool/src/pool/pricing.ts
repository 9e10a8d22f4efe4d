// Pricing rules: effective tip, proposer ordering, geth's replacement bump.
import type { PoolTx } from "./types.js";

/** EIP-1559 effective tip at `baseFee`: min(tip cap, fee cap − base fee); negative when not executable. */
export function getEffectiveTip(tx: Pick<PoolTx, "maxFee" | "maxTip">, baseFee: bigint): bigint {
  const headroom = tx.maxFee - baseFee;
  return headroom < tx.maxTip ? headroom : tx.maxTip;
}

/** Orders by what a proposer earns: effective tip, then fee cap, then tip cap. < 0 when `a` is cheaper. */
export function comparePrice(a: PoolTx, b: PoolTx, baseFee: bigint): number {
  const ta = getEffectiveTip(a, baseFee);
  const tb = getEffectiveTip(b, baseFee);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.maxFee !== b.maxFee) return a.maxFee < b.maxFee ? -1 : 1;
  if (a.maxTip !== b.maxTip) return a.maxTip < b.maxTip ? -1 : 1;
  return 0;
}

/**
 * geth's replacement rule (`legacypool/list.go` `Add`): both the fee cap and the tip cap must be
 * strictly higher and at least `priceBump` percent above the old transaction's.
 */
export function isReplacementPriced(old: PoolTx, next: PoolTx, priceBump: bigint): boolean {
  if (old.maxFee >= next.maxFee || old.maxTip >= next.maxTip) return false;
  const feeThreshold = (old.maxFee * (100n + priceBump)) / 100n;
  const tipThreshold = (old.maxTip * (100n + priceBump)) / 100n;
  return next.maxFee >= feeThreshold && next.maxTip >= tipThreshold;
}
