// Proposed blocks by value id (block hash), with their execution result once built or verified.
import type { Block } from "@eigenchain/chain";
import type { BlockExecutionResult } from "@eigenchain/executor";
import { bytesToHex } from "@ethereumjs/util";

export interface ProposedValue {
  block: Block;
  /** Set once this node built or re-executed the block and found it valid. */
  result?: BlockExecutionResult;
}

/** Bounds what one height's proposals may hold (an honest proposer sends one per round). */
const MAX_VALUES = 64;

/** Blocks behind value ids, kept until their height is decided. */
export class ProposalStore {
  private readonly values = new Map<string, ProposedValue>();

  get(valueId: string): ProposedValue | undefined {
    return this.values.get(valueId);
  }

  /** Keeps the first block seen for a value id; false when the store is full. */
  add(valueId: string, block: Block, result?: BlockExecutionResult): boolean {
    const existing = this.values.get(valueId);
    if (existing !== undefined) {
      if (result !== undefined) existing.result ??= result;
      return true;
    }
    if (this.values.size >= MAX_VALUES) return false;
    this.values.set(valueId, result === undefined ? { block } : { block, result });
    return true;
  }

  setResult(valueId: string, result: BlockExecutionResult): void {
    const value = this.values.get(valueId);
    if (value !== undefined) value.result = result;
  }

  /** A block on `parentHash` that this node already built or re-executed (the one with the most transactions). */
  findExecutedChildOf(parentHash: string): { valueId: string; value: ProposedValue } | undefined {
    let best: { valueId: string; value: ProposedValue } | undefined;
    for (const [valueId, value] of this.values) {
      if (value.result === undefined || bytesToHex(value.block.header.parentHash) !== parentHash) continue;
      if (best === undefined || value.block.transactions.length > best.value.block.transactions.length) best = { valueId, value };
    }
    return best;
  }

  pruneBelow(height: number): void {
    for (const [id, value] of this.values) if (value.block.header.number < BigInt(height)) this.values.delete(id);
  }
}
