// Imports block files into an opened chain: each block checked against its parent, executed, compared with its header and written in one batch.
import { readFileSync } from "node:fs";
import type { Block } from "@eigenchain/chain";
import { decodeBlock, hasForkSchedule } from "@eigenchain/chain";
import type { BlockExecutionResult, BlockExecutor } from "@eigenchain/executor";
import { createParallelExecutor, createSequentialExecutor, executeBlockByReference } from "@eigenchain/executor";
import { bytesToHex, equalsBytes } from "@ethereumjs/util";
import { createNodeError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { BlockFileEntry } from "./blockFile.js";
import { splitBlockFile } from "./blockFile.js";
import { BlockImporter } from "./blockImporter.js";
import { toStoredReceipts } from "./chainWriter.js";
import type { OpenedChain } from "./openChain.js";
import { openChain } from "./openChain.js";
import { RecentBlockHashes } from "./recentBlockHashes.js";

/** Where an import stands, for a progress line. */
export interface ImportProgress {
  /** Blocks handled so far (imported or already present) and in all files. */
  done: number;
  total: number;
  imported: number;
  transactions: number;
  head: bigint;
  elapsedMs: number;
  /** Blocks per second and the estimated time left. */
  blocksPerSecond: number;
  etaMs: number;
}

export interface ImportSummary extends ImportProgress {
  /** Blocks that were already in the chain (same hash at that height). */
  known: number;
  /** How many blocks each path executed (see `chooseExecutionPath`). */
  parallel: number;
  reference: number;
  headHash: Uint8Array;
  stateRoot: Uint8Array;
}

export interface ChainImportModules {
  chain: OpenedChain;
  /** Runs blocks of EIGENChain's own rules (the parallel executor); its reference for disagreements. */
  executor: BlockExecutor;
  reference: BlockExecutor | null;
  logger: Logger;
  onProgress?: (progress: ImportProgress) => void;
}

/** How often the progress callback runs. */
const PROGRESS_INTERVAL_MS = 1000;

/**
 * The rule that picks the executor of a block. The parallel executor (and the sequential executor it
 * must equal) runs one fixed rule set: EIGENChain's (Prague, no block rewards, uncles, withdrawals or
 * system contracts). A chain in geth's genesis format changes rules with its fork schedule and has
 * what that rule set lacks (proof-of-work and uncle rewards before the merge, withdrawals from
 * Shanghai, the EIP-4788 / EIP-2935 system writes and EIP-7685 requests after Cancun and Prague), so
 * every block of such a chain runs on the reference path: ethereumjs's `runBlock` under the block's
 * own hardfork. Blocks of EIGENChain's own chains run in parallel.
 */
export function chooseExecutionPath(chain: OpenedChain): "parallel" | "reference" {
  return hasForkSchedule(chain.common) ? "reference" : "parallel";
}

/**
 * `eigenchain import`: opens an initialized datadir, imports `files` into it (`importBlockFiles`) and
 * closes everything again, also on failure. The parallel executor runs only for a chain of
 * EIGENChain's own rules; a geth-format chain needs none (every block takes the reference path).
 */
export async function importIntoDatadir(
  datadir: string,
  files: readonly string[],
  modules: Pick<ChainImportModules, "logger" | "onProgress">,
): Promise<ImportSummary> {
  const chain = await openChain({ datadir });
  const executorModules = { stateStore: chain.stateStore, common: chain.common };
  const reference = createSequentialExecutor({}, executorModules);
  const executor = chooseExecutionPath(chain) === "parallel" ? createParallelExecutor({}, executorModules) : reference;
  try {
    return await importBlockFiles(files, { ...modules, chain, executor, reference });
  } finally {
    if (executor !== reference) await executor.close();
    await reference.close();
    await chain.stateStore.close();
    await chain.store.close();
  }
}

/**
 * Imports the blocks of `files` in order on top of the chain's head, like `geth import`: blocks the
 * chain already holds (same hash) are skipped; every other block must extend the head, and is
 * executed, its state root, receipts root, gas used and logs bloom compared with its header, then
 * written with its receipts and state in one atomic batch. The first block that fails stops the
 * import with an error naming it (file, position, number, hash, reason); nothing after it is written.
 */
export async function importBlockFiles(files: readonly string[], modules: ChainImportModules): Promise<ImportSummary> {
  const { chain } = modules;
  const inputs = files.map((file) => ({ file, entries: splitBlockFileOrFail(file) }));
  const total = inputs.reduce((sum, input) => sum + input.entries.length, 0);
  const path = chooseExecutionPath(chain);
  const recentHashes = new RecentBlockHashes(chain.store);
  const importer = new BlockImporter(
    { validatorSetHash: null },
    { ...chain, executor: modules.executor, reference: modules.reference, recentHashes, logger: modules.logger },
  );
  const started = performance.now();
  const summary: ImportSummary = {
    done: 0,
    total,
    imported: 0,
    transactions: 0,
    head: chain.store.getHead().header.number,
    elapsedMs: 0,
    blocksPerSecond: 0,
    etaMs: 0,
    known: 0,
    parallel: 0,
    reference: 0,
    headHash: chain.store.getHead().hash(),
    stateRoot: chain.store.getHead().header.stateRoot,
  };
  let lastReport = started;
  for (const { file, entries } of inputs) {
    for (const entry of entries) {
      const fail = (reason: string, block?: Block): never => {
        const number = block === undefined ? undefined : block.header.number.toString();
        const which = block === undefined ? "" : ` (number ${number}, hash ${bytesToHex(block.hash())})`;
        throw createNodeError(
          { code: "NODE_IMPORT_INVALID_BLOCK", file, index: entry.index, ...(number === undefined ? {} : { number }) },
          `import stopped at block ${entry.index} of ${file}${which}, byte ${entry.offset}: ${reason}; blocks before it are imported, nothing after it is written`,
        );
      };
      let block: Block;
      try {
        block = decodeBlock(entry.bytes, chain.common);
      } catch (err) {
        return fail(`not a valid block: ${(err as Error).message.split("\n")[0]}`);
      }
      const outcome = await importOneBlock(block, path, importer, recentHashes, modules);
      if (outcome.status === "invalid") return fail(outcome.reason, block);
      if (outcome.status === "known") summary.known += 1;
      else {
        summary.imported += 1;
        summary.transactions += block.transactions.length;
        summary[path] += 1;
      }
      summary.done += 1;
      summary.head = chain.store.getHead().header.number;
      const now = performance.now();
      updateRates(summary, now - started);
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        modules.onProgress?.({ ...summary });
      }
    }
  }
  const head = chain.store.getHead();
  summary.head = head.header.number;
  summary.headHash = head.hash();
  summary.stateRoot = head.header.stateRoot;
  updateRates(summary, performance.now() - started);
  return summary;
}

function splitBlockFileOrFail(file: string): BlockFileEntry[] {
  let data: Uint8Array;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw createNodeError(
      { code: "NODE_IMPORT_INVALID_BLOCK", file, index: 0 },
      `cannot read block file ${file}: ${(err as Error).message}`,
    );
  }
  // Split up front: a truncated file is refused before anything is written.
  try {
    return [...splitBlockFile(data)];
  } catch (err) {
    throw createNodeError({ code: "NODE_IMPORT_INVALID_BLOCK", file, index: 0 }, `block file ${file}: ${(err as Error).message}`);
  }
}

function updateRates(progress: ImportProgress, elapsedMs: number): void {
  progress.elapsedMs = elapsedMs;
  progress.blocksPerSecond = elapsedMs > 0 ? (progress.done * 1000) / elapsedMs : 0;
  progress.etaMs = progress.blocksPerSecond > 0 ? ((progress.total - progress.done) * 1000) / progress.blocksPerSecond : 0;
}

type BlockOutcome = { status: "imported" } | { status: "known" } | { status: "invalid"; reason: string };

/** Checks, executes and writes one block; a block the chain already holds is "known". */
async function importOneBlock(
  block: Block,
  path: "parallel" | "reference",
  importer: BlockImporter,
  recentHashes: RecentBlockHashes,
  modules: ChainImportModules,
): Promise<BlockOutcome> {
  const { store, stateStore } = modules.chain;
  const head = store.getHead();
  const number = block.header.number;
  if (number <= head.header.number) {
    const stored = await store.getBlockByNumber(number);
    if (stored !== undefined && equalsBytes(stored.hash(), block.hash())) return { status: "known" };
    return { status: "invalid", reason: `the chain already holds a different block ${number} (import does not reorganise the chain)` };
  }
  let result: BlockExecutionResult;
  if (path === "parallel") {
    const verdict = await importer.verify(block);
    if (verdict.status === "invalid") return { status: "invalid", reason: verdict.reason };
    result = verdict.result;
  } else {
    const problem = await checkScheduledHeader(block, head);
    if (problem !== null) return { status: "invalid", reason: problem };
    const hashes = await recentHashes.forChildOf(head);
    try {
      result = await executeBlockByReference(block, head.header.stateRoot, {
        stateStore,
        getBlockHash: async (n) => hashes[Number(number - n) - 1] ?? (await store.getBlockByNumber(n))?.hash(),
      });
    } catch (err) {
      return { status: "invalid", reason: `execution failed: ${(err as Error).message.split("\n")[0]}` };
    }
    const mismatch = compareWithHeader(block, result);
    if (mismatch !== null) return { status: "invalid", reason: mismatch };
  }
  await store.commitBlock(block, toStoredReceipts(result), stateStore.pendingWrites(result.stateRoot));
  stateStore.onCommitted(result.stateRoot);
  return { status: "imported" };
}

/**
 * What a block of a scheduled (geth-format) chain must satisfy before it runs: it extends the head,
 * its timestamp moves on, and its transactions, uncles and withdrawals match the header's roots.
 * The proof-of-work seal is not checked (as `geth import` does with a trusted file, the execution
 * results are what is verified).
 */
async function checkScheduledHeader(block: Block, parent: Block): Promise<string | null> {
  const header = block.header;
  if (header.number !== parent.header.number + 1n) return `number ${header.number} does not follow head ${parent.header.number}`;
  if (!equalsBytes(header.parentHash, parent.hash())) return "parent hash is not the head's hash";
  if (header.timestamp <= parent.header.timestamp) return "timestamp is not after the parent's";
  if (header.baseFeePerGas !== undefined && parent.header.baseFeePerGas !== undefined) {
    const expected = parent.header.calcNextBaseFee();
    if (header.baseFeePerGas !== expected) return `base fee ${header.baseFeePerGas}, expected ${expected}`;
  }
  if (!(await block.transactionsTrieIsValid())) return "transactions root does not match the transactions";
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
  if (header.requestsHash !== undefined && result.requestsHash !== undefined)
    checks.push(["requests hash", header.requestsHash, result.requestsHash]);
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
