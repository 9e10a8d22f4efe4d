// Executes a block of a chain with a fork schedule (geth's genesis format): the parallel executor where its fixed rule set holds, the reference (ethereumjs runBlock) everywhere else.
import type { Block, Genesis } from "@eigenchain/chain";
import { GETH_CHAIN_PREFIX } from "@eigenchain/chain";
import type { BlockExecutionResult, BlockExecutor, StateStore } from "@eigenchain/executor";
import { createParallelExecutor, executeBlockByReference } from "@eigenchain/executor";
import type { GethGenesis } from "@ethereumjs/common";
import { createCommonFromGethGenesis, Hardfork } from "@ethereumjs/common";
import { bytesToHex, equalsBytes } from "@ethereumjs/util";
import type { Logger } from "../logger.js";
import type { BlockStore } from "../store/blockStore.js";
import { checkFollowsParent, checkTransactionsRoot } from "./headerLinks.js";
import { getBlockEnv } from "./nextBlockEnv.js";

export type ExecutionPath = "parallel" | "reference";

/**
 * The rule that picks a scheduled chain's executor. The parallel executor (bit-identical to the
 * sequential one) runs transactions and fees and nothing else: no block or uncle rewards, no
 * withdrawals, no system contracts. So a block runs in parallel only when none of those apply: after
 * the merge (no proof-of-work rewards), before Cancun (no EIP-4788 beacon-root write, and after it
 * Prague's EIP-2935 history write and EIP-7685 requests), without uncles and without withdrawals.
 * Every other block takes the reference path: ethereumjs's `runBlock` under the block's own fork.
 */
export function chooseScheduledPath(block: Block): ExecutionPath {
  const rules = block.common;
  const postMerge = rules.gteHardfork(Hardfork.Paris);
  const systemWrites = rules.gteHardfork(Hardfork.Cancun);
  const withdrawals = (block.withdrawals?.length ?? 0) > 0;
  return postMerge && !systemWrites && block.uncleHeaders.length === 0 && !withdrawals ? "parallel" : "reference";
}

export type ScheduledVerdict =
  | { status: "valid"; result: BlockExecutionResult; path: ExecutionPath }
  | { status: "invalid"; reason: string };

export interface ScheduledBlockExecutorModules {
  stateStore: StateStore;
  store: BlockStore;
  logger: Logger;
}

/**
 * Checks and executes the blocks of a chain from a geth genesis, one after another on the head. A
 * parallel executor is made per fork on first use (its Common fixed at that fork, as the executor
 * expects). A parallel result that disagrees with the header is re-run on the reference, which decides
 * between a bad block and an executor bug (logged), as the block importer does with its reference.
 */
export class ScheduledBlockExecutor {
  private readonly parallel = new Map<string, BlockExecutor>();

  constructor(
    private readonly genesis: Genesis,
    private readonly modules: ScheduledBlockExecutorModules,
  ) {}

  async execute(block: Block, parent: Block, recentHashes: readonly Uint8Array[]): Promise<ScheduledVerdict> {
    const problem = await checkScheduledHeader(block, parent);
    if (problem !== null) return { status: "invalid", reason: problem };
    const path = chooseScheduledPath(block);
    if (path === "parallel") {
      const executor = this.getParallelExecutor(block.common.hardfork());
      const env = { ...getBlockEnv(block), recentBlockHashes: recentHashes };
      try {
        const result = await executor.executeBlock(parent.header.stateRoot, env, block.transactions);
        if (compareWithHeader(block, result) === null) return { status: "valid", result, path };
      } catch (err) {
        this.modules.logger.warn("Parallel execution failed; the reference decides", { number: Number(block.header.number) }, err);
      }
    }
    const reference = await this.runReference(block, parent, recentHashes);
    if (reference.status === "valid" && path === "parallel") {
      this.modules.logger.error("Parallel executor disagreed with the reference on a valid block", { number: Number(block.header.number) });
    }
    return reference.status === "valid" ? { ...reference, path: "reference" } : reference;
  }

  private async runReference(
    block: Block,
    parent: Block,
    recentHashes: readonly Uint8Array[],
  ): Promise<{ status: "valid"; result: BlockExecutionResult } | { status: "invalid"; reason: string }> {
    const { stateStore, store } = this.modules;
    const number = block.header.number;
    let result: BlockExecutionResult;
    try {
      result = await executeBlockByReference(block, parent.header.stateRoot, {
        stateStore,
        getBlockHash: async (n) => recentHashes[Number(number - n) - 1] ?? (await store.getBlockByNumber(n))?.hash(),
      });
    } catch (err) {
      return { status: "invalid", reason: `execution failed: ${(err as Error).message.split("\n")[0]}` };
    }
    const mismatch = compareWithHeader(block, result);
    return mismatch === null ? { status: "valid", result } : { status: "invalid", reason: mismatch };
  }

  /** A parallel executor whose Common is the schedule fixed at `hardfork`, without the KZG stand-in (these forks carry no blobs). */
  private getParallelExecutor(hardfork: string): BlockExecutor {
    let executor = this.parallel.get(hardfork);
    if (executor === undefined) {
      const common = createCommonFromGethGenesis(this.genesis.geth as unknown as GethGenesis, {
        chain: `${GETH_CHAIN_PREFIX}${this.genesis.chainId}`,
        hardfork,
      });
      executor = createParallelExecutor({}, { stateStore: this.modules.stateStore, common });
      this.parallel.set(hardfork, executor);
    }
    return executor;
  }

  async close(): Promise<void> {
    for (const executor of this.parallel.values()) await executor.close();
    this.parallel.clear();
  }
}

/**
 * What a block of a scheduled chain must satisfy before it runs: it extends the head, its timestamp
 * moves on, its base fee follows from the parent's, and its transactions, uncles and withdrawals
 * match the header's roots. The proof-of-work seal is not checked (as with a trusted file in `geth
 * import`, the execution results are what is verified).
 */
async function checkScheduledHeader(block: Block, parent: Block): Promise<string | null> {
  const header = block.header;
  const unlinked = checkFollowsParent(block, parent);
  if (unlinked !== null) return unlinked;
  if (header.baseFeePerGas !== undefined && parent.header.baseFeePerGas !== undefined) {
    const expected = parent.header.calcNextBaseFee();
    if (header.baseFeePerGas !== expected) return `base fee ${header.baseFeePerGas}, expected ${expected}`;
  }
  const badRoot = checkTransactionsRoot(block);
  if (badRoot !== null) return badRoot;
  if (!block.uncleHashIsValid()) return "uncle hash does not match the uncles";
  if (block.common.isActivatedEIP(4895) && !(await block.withdrawalsTrieIsValid()))
    return "withdrawals root does not match the withdrawals";
  return null;
}

/** The first execution result that differs from the header, as a message; null when all match. */
function compareWithHeader(block: Block, result: BlockExecutionResult & { requestsHash?: Uint8Array }): string | null {
  const header = block.header;
  const checks: [string, Uint8Array | bigint, Uint8Array | bigint][] = [
    ["gas used", header.gasUsed, result.gasUsed],
    ["receipts root", header.receiptTrie, result.receiptsRoot],
    ["logs bloom", header.logsBloom, result.logsBloom],
    ["state root", header.stateRoot, result.stateRoot],
  ];
  if (header.requestsHash !== undefined && result.requestsHash !== undefined) {
    checks.push(["requests hash", header.requestsHash, result.requestsHash]);
  }
  for (const [field, expected, actual] of checks) {
    const same = typeof expected === "bigint" ? expected === actual : equalsBytes(expected, actual as Uint8Array);
    if (!same) return `${field} mismatch: header ${show(expected)}, executed ${show(actual)}`;
  }
  return null;
}

function show(value: Uint8Array | bigint): string {
  if (typeof value === "bigint") return value.toString();
  const hex = bytesToHex(value);
  return hex.length > 70 ? `${hex.slice(0, 18)}…` : hex;
}
