// Exports a range of canonical blocks to a file as concatenated RLP (geth's `export` format).
import { closeSync, openSync, renameSync, writeSync } from "node:fs";
import { encodeBlock } from "@eigenchain/chain";
import { createNodeError } from "../errors.js";
import type { BlockStore } from "../store/blockStore.js";

export interface ExportSummary {
  from: bigint;
  to: bigint;
  blocks: number;
  bytes: number;
}

/**
 * Writes blocks `from`…`to` (inclusive; default: 1 to the head, as geth leaves out genesis, which
 * `init` recreates) to `file`. The file appears only when complete: it is written beside its final
 * name and renamed at the end.
 */
export async function exportBlocks(store: BlockStore, file: string, range: { from?: bigint; to?: bigint }): Promise<ExportSummary> {
  const head = store.getHead().header.number;
  const from = range.from ?? (head === 0n ? 0n : 1n);
  const to = range.to ?? head;
  if (from < 0n || to < from || to > head) {
    throw createNodeError(
      { code: "NODE_CONFIG_INVALID", option: "--from/--to" },
      `invalid block range ${from}…${to}: the chain holds blocks 0…${head}`,
    );
  }
  const partial = `${file}.partial`;
  const fd = openSync(partial, "w");
  let bytes = 0;
  try {
    for (let n = from; n <= to; n++) {
      const block = await store.getBlockByNumber(n);
      if (block === undefined)
        throw createNodeError({ code: "NODE_DATADIR_INVALID", datadir: "" }, `block ${n} is missing from the datadir`);
      const encoded = encodeBlock(block);
      writeSync(fd, encoded);
      bytes += encoded.length;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, file);
  return { from, to, blocks: Number(to - from + 1n), bytes };
}
