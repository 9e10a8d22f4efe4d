// A pool for the node's txpool_/parallel_ unit tests, over the mempool tests' signed transactions (not a test file itself).
import { createParallelPool, type ParallelPool, type ParallelPoolOpts } from "@eigenchain/mempool";
import { common, ETHER } from "../../../../mempool/test/txFactory.js";

/** A pool on the main thread where every account has nonce 0 and 1 ether. */
export function createTestPool(opts: ParallelPoolOpts = {}): ParallelPool {
  return createParallelPool({ recovery: "main", ...opts }, { common, state: { getNonce: async () => 0n, getBalance: async () => ETHER } });
}
