import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { NodeCliOptions } from "../nodeOptions.js";
import { addNodeOptions } from "../nodeOptions.js";
import { createCliLogger, runNode } from "../runNode.js";

export function createStartCommand(): Command {
  const command = new Command("start")
    .summary("run a node on an initialized data directory")
    .description(
      "Runs a node: produces blocks at --block-time from the transaction pool, stores them in --datadir,\n" +
        "and serves JSON-RPC over HTTP and WebSocket (same port), /health and /metrics.\n" +
        "A restart resumes at the last stored block. With --genesis, an empty datadir is initialized first.",
    )
    .requiredOption("--datadir <dir>", "data directory (blocks, receipts, state, tx journal)")
    .option("--genesis <file>", "genesis file: initializes an empty datadir, must match an initialized one");
  addNodeOptions(command);
  command.addHelpText(
    "after",
    "\nExamples:\n  eigenchain init --genesis genesis/devnet.json --datadir ./data\n  eigenchain start --datadir ./data --rpc.port 8545 --block-time 1000\n",
  );
  command.action(async (options: NodeCliOptions & { datadir: string; genesis?: string }) => {
    const logger = createCliLogger(options);
    const genesisText = options.genesis === undefined ? undefined : readFileSync(options.genesis, "utf8");
    await runNode(options, { datadir: options.datadir, ...(genesisText === undefined ? {} : { genesisText }) }, logger);
  });
  return command;
}
