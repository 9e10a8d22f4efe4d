// Block numbers, tags and hashes of RPC params resolved to blocks of the store.
import type { Block } from "@eigenchain/chain";
import type { BlockStore } from "../store/blockStore.js";
import { createHeaderNotFoundError, RPC_ERROR_CODE, RpcError } from "./errors.js";
import type { BlockSelector } from "./params.js";

/** What resolving a block needs of the RPC context (its block store; an `RpcContext` is one). */
export interface BlockSource {
  store: BlockStore;
}

/**
 * Block tags on a single-producer chain with instant finality: `safe`, `finalized` and `pending`
 * are all the head (a pending block is not built ahead of time).
 */
export async function resolveBlock(ctx: BlockSource, selector: BlockSelector): Promise<Block | undefined> {
  switch (selector.kind) {
    case "hash":
      return ctx.store.getBlockByHash(selector.hash);
    case "number":
      return ctx.store.getBlockByNumber(selector.number);
    case "tag":
      return selector.tag === "earliest" ? ctx.store.getBlockByNumber(0n) : ctx.store.getHead();
  }
}

/** For state reads: a missing block is geth's "header not found" (-32000). */
export async function resolveBlockOrThrow(ctx: BlockSource, selector: BlockSelector): Promise<Block> {
  const block = await resolveBlock(ctx, selector);
  if (block === undefined) {
    if (selector.kind === "hash") throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, `header for hash not found`);
    throw createHeaderNotFoundError();
  }
  return block;
}

/** A number for range queries (filters): tags map to the head, or 0 for earliest. */
export function resolveBlockNumber(ctx: BlockSource, selector: BlockSelector | undefined): bigint {
  const head = ctx.store.getHead().header.number;
  if (selector === undefined) return head;
  switch (selector.kind) {
    case "number":
      return selector.number;
    case "tag":
      return selector.tag === "earliest" ? 0n : head;
    case "hash":
      throw new RpcError(RPC_ERROR_CODE.INVALID_PARAMS, "block hash not allowed here");
  }
}
