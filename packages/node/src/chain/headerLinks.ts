// The header checks every imported block passes whatever its chain's rules: its place after the parent and its transactions root.
import type { Block } from "@eigenchain/chain";
import { computeTransactionsRoot } from "@eigenchain/executor";
import { equalsBytes } from "@ethereumjs/util";

/** Why `block` cannot follow `parent` (number, parent hash, timestamp), or null when it can. */
export function checkFollowsParent(block: Block, parent: Block): string | null {
  const header = block.header;
  if (header.number !== parent.header.number + 1n) return `number ${header.number} does not follow head ${parent.header.number}`;
  if (!equalsBytes(header.parentHash, parent.hash())) return "parent hash is not the head's hash";
  if (header.timestamp <= parent.header.timestamp) return "timestamp is not after the parent's";
  return null;
}

/** Why the header's transactions root is not that of the block's transactions, or null when it is. */
export function checkTransactionsRoot(block: Block): string | null {
  if (equalsBytes(computeTransactionsRoot(block.transactions), block.header.transactionsTrie)) return null;
  return "transactions root does not match the transactions";
}
