// geth's txpool_ JSON shapes and the access-set JSON of parallel_ answers, built from the pool's typed records.
import type { AccessSet, ParallelPool, PoolTx } from "@eigenchain/mempool";
import { toChecksumAddress } from "@ethereumjs/util";
import { type Hex, toData, toQuantity } from "./format.js";

/** geth's `RPCTransaction` for a pooled (not yet mined) transaction. */
export interface RpcPoolTransaction {
  blockHash: null;
  blockNumber: null;
  transactionIndex: null;
  from: string;
  gas: Hex;
  gasPrice: Hex;
  maxFeePerGas?: Hex;
  maxPriorityFeePerGas?: Hex;
  hash: Hex;
  input: Hex;
  nonce: Hex;
  to: string | null;
  value: Hex;
  type: Hex;
  accessList?: { address: string; storageKeys: string[] }[];
  chainId?: Hex;
  v: Hex;
  r: Hex;
  s: Hex;
  yParity?: Hex;
}

/** A pooled transaction as `txpool_content` shows it (gasPrice: what it pays at `baseFee`). */
function formatPoolTransaction(ptx: PoolTx, baseFee: bigint): RpcPoolTransaction {
  const tx = ptx.tx;
  const effective = ptx.maxFee < baseFee + ptx.maxTip ? ptx.maxFee : baseFee + ptx.maxTip;
  const out: RpcPoolTransaction = {
    blockHash: null,
    blockNumber: null,
    transactionIndex: null,
    from: toChecksumAddress(ptx.senderHex),
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(tx.type === 0 || tx.type === 1 ? ptx.maxFee : effective),
    hash: ptx.hashHex as Hex,
    input: toData(tx.data),
    nonce: toQuantity(tx.nonce),
    to: tx.to === undefined ? null : toChecksumAddress(tx.to.toString()),
    value: toQuantity(tx.value),
    type: toQuantity(tx.type),
    v: toQuantity(tx.v ?? 0n),
    r: toQuantity(tx.r ?? 0n),
    s: toQuantity(tx.s ?? 0n),
  };
  if (tx.type !== 0) {
    out.chainId = toQuantity(tx.common.chainId());
    out.yParity = toQuantity(tx.v ?? 0n);
    if ("accessList" in tx) {
      out.accessList = tx.accessList.map(([address, keys]) => ({
        address: toChecksumAddress(toData(address)),
        storageKeys: keys.map((k) => toData(k)),
      }));
    }
  }
  if ("maxFeePerGas" in tx) {
    out.maxFeePerGas = toQuantity(tx.maxFeePerGas);
    out.maxPriorityFeePerGas = toQuantity(tx.maxPriorityFeePerGas);
  }
  return out;
}

/** `txpool_status`: `{pending, queued}` as hex quantities. */
export function formatTxpoolStatus(pool: ParallelPool): { pending: Hex; queued: Hex } {
  const s = pool.status();
  return { pending: toQuantity(s.pending), queued: toQuantity(s.queued) };
}

type ByAccount<T> = Record<string, Record<string, T>>;

function groupByAccount<T>(lists: Map<string, PoolTx[]>, map: (tx: PoolTx) => T): ByAccount<T> {
  const out: ByAccount<T> = {};
  for (const sender of [...lists.keys()].sort()) {
    const byNonce: Record<string, T> = {};
    for (const tx of lists.get(sender) ?? []) byNonce[tx.nonce.toString()] = map(tx);
    out[toChecksumAddress(sender)] = byNonce;
  }
  return out;
}

/** `txpool_content`: per checksummed sender, per decimal nonce, the transaction. */
export function formatTxpoolContent(pool: ParallelPool): {
  pending: ByAccount<RpcPoolTransaction>;
  queued: ByAccount<RpcPoolTransaction>;
} {
  const { pending, queued } = pool.content();
  const baseFee = pool.baseFeePerGas;
  return {
    pending: groupByAccount(pending, (t) => formatPoolTransaction(t, baseFee)),
    queued: groupByAccount(queued, (t) => formatPoolTransaction(t, baseFee)),
  };
}

/** `txpool_contentFrom(address)`: one sender's pending and queued transactions by decimal nonce. */
export function formatTxpoolContentFrom(
  pool: ParallelPool,
  address: Uint8Array,
): { pending: Record<string, RpcPoolTransaction>; queued: Record<string, RpcPoolTransaction> } {
  const key = toData(address);
  const { pending, queued } = pool.content();
  const baseFee = pool.baseFeePerGas;
  const pick = (lists: Map<string, PoolTx[]>) => {
    const out: Record<string, RpcPoolTransaction> = {};
    for (const tx of lists.get(key) ?? []) out[tx.nonce.toString()] = formatPoolTransaction(tx, baseFee);
    return out;
  };
  return { pending: pick(pending), queued: pick(queued) };
}

/** geth's one-line summary: `0xTo: 1 wei + 21000 gas × 1000000000 wei` (`contract creation: …`). */
function formatInspectLine(ptx: PoolTx): string {
  const to = ptx.tx.to === undefined ? "contract creation" : toChecksumAddress(ptx.tx.to.toString());
  return `${to}: ${ptx.value} wei + ${ptx.gasLimit} gas × ${ptx.maxFee} wei`;
}

/** `txpool_inspect`: per checksummed sender, per decimal nonce, the summary line. */
export function formatTxpoolInspect(pool: ParallelPool): { pending: ByAccount<string>; queued: ByAccount<string> } {
  const { pending, queued } = pool.content();
  return { pending: groupByAccount(pending, formatInspectLine), queued: groupByAccount(queued, formatInspectLine) };
}

/** An access set as parallel_analyzeTransaction and parallel_executeBatch show it. */
export interface AccessSetJson {
  accounts: string[];
  storage: string[];
  sources: string[];
  binding: boolean;
  isolated: boolean;
}

export function formatAccessSet(set: AccessSet): AccessSetJson {
  const sources = (["declared", "predicted", "learned"] as const).filter((s) => set.sources[s]);
  return { accounts: set.accounts, storage: set.slots, sources, binding: set.binding, isolated: set.isolated };
}
