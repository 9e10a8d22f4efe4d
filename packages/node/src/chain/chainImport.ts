// Imports block files into an opened chain: each block checked against its parent, executed, compared with its header and written in one batch.
import { readFileSync } from "node:fs";
import type { Block } from "@eigenchain/chain";
import { decodeBlock, hasForkSchedule } from "@eigenchain/chain";
import type { BlockExecutionResult, BlockExecutor } from "@eigenchain/executor";
import { createParallelExecutor, createSequentialExecutor } from "@eigenchain/executor";
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
import type { ExecutionPath } from "./scheduledBlockExecution.js";
import { ScheduledBlockExecutor } from "./scheduledBlockExecution.js";

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
 * Which executor runs a block. The parallel executor (bit-identical to the sequential executor) runs
 * one fixed rule set: transactions and fees, no block rewards, uncles, withdrawals or system
 * contracts. Blocks of EIGENChain's own chains are exactly that: they run in parallel (the block
 * importer, with the sequential reference deciding a disagreement). A chain from a geth genesis
 * changes rules with its schedule: its blocks go by `chooseScheduledPath` (in parallel after the
 * merge and before Cancun when they have no uncles or withdrawals; on the reference path, ethereumjs's
 * `runBlock` under the block's own fork, otherwise).
 */
function isScheduled(chain: OpenedChain): boolean {
  return hasForkSchedule(chain.common);
}

/**
 * `eigenchain import`: opens an initialized datadir, imports `files` into it (`importBlockFiles`) and
 * closes everything again, also on failure. The parallel executor given here runs a chain of
 * EIGENChain's own rules; a geth-format chain makes its own per fork (`ScheduledBlockExecutor`).
 */
export async function importIntoDatadir(
  datadir: string,
  files: readonly string[],
  modules: Pick<ChainImportModules, "logger" | "onProgress">,
): Promise<ImportSummary> {
  const chain = await openChain({ datadir });
  const executorModules = { stateStore: chain.stateStore, common: chain.common };
  const reference = createSequentialExecutor({}, executorModules);
  const executor = isScheduled(chain) ? reference : createParallelExecutor({}, executorModules);
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
  const recentHashes = new RecentBlockHashes(chain.store);
  const tools: ImportTools = {
    importer: new BlockImporter(
      { validatorSetHash: null },
      { ...chain, executor: modules.executor, reference: modules.reference, recentHashes, logger: modules.logger },
    ),
    scheduled: isScheduled(chain) ? new ScheduledBlockExecutor(chain.genesis, { ...chain, logger: modules.logger }) : null,
    recentHashes,
  };
  const head = chain.store.getHead();
  const summary: ImportSummary = {
    done: 0,
    total: inputs.reduce((sum, input) => sum + input.entries.length, 0),
    imported: 0,
    transactions: 0,
    head: head.header.number,
    elapsedMs: 0,
    blocksPerSecond: 0,
    etaMs: 0,
    known: 0,
    parallel: 0,
    reference: 0,
    headHash: head.hash(),
    stateRoot: head.header.stateRoot,
  };
  try {
    await importEntries(inputs, summary, tools, modules);
  } finally {
    await tools.scheduled?.close();
  }
  const last = chain.store.getHead();
  summary.head = last.header.number;
  summary.headHash = last.hash();
  summary.stateRoot = last.header.stateRoot;
  return summary;
}

interface ImportTools {
  importer: BlockImporter;
  scheduled: ScheduledBlockExecutor | null;
  recentHashes: RecentBlockHashes;
}

/** The block loop of `importBlockFiles`: decode, check, execute, write, count, report progress. */
async function importEntries(
  inputs: readonly { file: string; entries: BlockFileEntry[] }[],
  summary: ImportSummary,
  tools: ImportTools,
  modules: ChainImportModules,
): Promise<void> {
  const { chain } = modules;
  const started = performance.now();
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
      const outcome = await importOneBlock(block, tools, modules);
      if (outcome.status === "invalid") return fail(outcome.reason, block);
      if (outcome.status === "known") summary.known += 1;
      else {
        summary.imported += 1;
        summary.transactions += block.transactions.length;
        summary[outcome.path] += 1;
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
  updateRates(summary, performance.now() - started);
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

type BlockOutcome = { status: "imported"; path: ExecutionPath } | { status: "known" } | { status: "invalid"; reason: string };

/** Checks, executes and writes one block; a block the chain already holds is "known". */
async function importOneBlock(block: Block, tools: ImportTools, modules: ChainImportModules): Promise<BlockOutcome> {
  const { store, stateStore } = modules.chain;
  const head = store.getHead();
  const number = block.header.number;
  if (number <= head.header.number) {
    const stored = await store.getBlockByNumber(number);
    if (stored !== undefined && equalsBytes(stored.hash(), block.hash())) return { status: "known" };
    return { status: "invalid", reason: `the chain already holds a different block ${number} (import does not reorganise the chain)` };
  }
  let result: BlockExecutionResult;
  let path: ExecutionPath = "parallel";
  if (tools.scheduled === null) {
    const verdict = await tools.importer.verify(block);
    if (verdict.status === "invalid") return { status: "invalid", reason: verdict.reason };
    result = verdict.result;
  } else {
    const verdict = await tools.scheduled.execute(block, head, await tools.recentHashes.forChildOf(head));
    if (verdict.status === "invalid") return verdict;
    result = verdict.result;
    path = verdict.path;
  }
  await store.commitBlock(block, toStoredReceipts(result), stateStore.pendingWrites(result.stateRoot));
  stateStore.onCommitted(result.stateRoot);
  return { status: "imported", path };
}
