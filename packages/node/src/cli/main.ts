#!/usr/bin/env node
// The `eigenchain` CLI's entry point: its commands, and one `Fatal:` line for an operator-facing failure.
import { Command, CommanderError } from "commander";
import { NODE_VERSION } from "../version.js";
import { createDevnetCommand } from "./commands/devnet.js";
import { createExportCommand } from "./commands/export.js";
import { createImportCommand } from "./commands/import.js";
import { createInitCommand } from "./commands/init.js";
import { createKeysCommand } from "./commands/keys.js";
import { createStartCommand } from "./commands/start.js";
import { createTestnetCommand } from "./commands/testnet.js";

function createProgram(): Command {
  return new Command("eigenchain")
    .description("EIGENChain: an EVM-compatible layer-1 node with parallel execution")
    .version(NODE_VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError("(run with --help for usage)")
    .addCommand(createInitCommand())
    .addCommand(createStartCommand())
    .addCommand(createDevnetCommand())
    .addCommand(createTestnetCommand())
    .addCommand(createKeysCommand())
    .addCommand(createImportCommand())
    .addCommand(createExportCommand())
    .addHelpText(
      "after",
      "\nQuick start:\n  eigenchain devnet                                        # 4 local validators, RPC on http://127.0.0.1:8545\n" +
        "  eigenchain testnet --validators 4 --out ./net            # node folders for a network\n" +
        "  eigenchain init --genesis genesis/devnet.json --datadir ./data\n  eigenchain start --datadir ./data\n\n" +
        "Run 'eigenchain <command> --help' for a command's options.\n",
    );
}

async function main(): Promise<void> {
  try {
    await createProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    // Operator-facing failures (bad genesis, locked datadir, port in use) print one line, like geth's "Fatal:".
    console.error(`Fatal: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  process.exit(0);
}

await main();
