// `eigenchain import`: imports blocks from RLP files (geth's format) into an initialized datadir, executing and checking each.
import { bytesToHex } from "@ethereumjs/util";
import { Command } from "commander";
import type { ImportProgress } from "../../chain/chainImport.js";
import { importIntoDatadir } from "../../chain/chainImport.js";
import { createNoopLogger } from "../../logger.js";

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatImportProgress(p: ImportProgress): string {
  return (
    `Imported ${p.done}/${p.total} blocks (head ${p.head}, ${p.transactions} txs), ` +
    `${p.blocksPerSecond.toFixed(1)} blocks/s, elapsed ${formatSeconds(p.elapsedMs)}, ETA ${formatSeconds(p.etaMs)}`
  );
}

export function createImportCommand(): Command {
  return new Command("import")
    .summary("import blocks from RLP files into a data directory")
    .description(
      "Imports blocks written as concatenated RLP (as 'eigenchain export' and 'geth export' write them) into an " +
        "initialized data directory. Every block is executed and its state root, receipts root, gas used and " +
        "logs bloom are checked against its header before it is written, with its receipts and state, in one " +
        "atomic batch. Blocks the chain already holds are skipped. The first bad block stops the import with an " +
        "error naming it; blocks before it stay imported, nothing after it is written. Which executor runs a block: the parallel executor where its rules hold (every block of EIGENChain's own " +
        "chains; a geth-format chain's blocks after the merge and before Cancun without uncles or withdrawals), the " +
        "reference (ethereumjs runBlock under the block's own fork: rewards, withdrawals, system calls) for the rest.",
    )
    .requiredOption("--datadir <dir>", "initialized data directory (eigenchain init --genesis FILE --datadir DIR)")
    .argument("<files...>", "block files, imported in the order given")
    .addHelpText(
      "after",
      "\nExample:\n  eigenchain init --genesis genesis.json --datadir ./data && eigenchain import --datadir ./data chain.rlp\n",
    )
    .action(async (files: string[], options: { datadir: string }) => {
      const summary = await importIntoDatadir(options.datadir, files, {
        logger: createNoopLogger(),
        onProgress: (progress) => console.log(formatImportProgress(progress)),
      });
      console.log(formatImportProgress(summary));
      console.log(
        `Import done: ${summary.imported} blocks imported (${summary.parallel} parallel, ${summary.reference} reference), ` +
          `${summary.known} already present; head ${summary.head} ${bytesToHex(summary.headHash)}, state root ${bytesToHex(summary.stateRoot)}`,
      );
    });
}
