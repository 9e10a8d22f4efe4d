// `eigenchain start`: runs a node on a data directory (validator, full node, development chain or imported geth chain).
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { applyConfigFile, CONFIG_FILE } from "../configFile.js";
import type { NetworkCliOptions } from "../networkOptions.js";
import { addNetworkOptions } from "../networkOptions.js";
import type { NodeCliOptions } from "../nodeOptions.js";
import { addNodeOptions } from "../nodeOptions.js";
import { createCliLogger, runNode } from "../runNode.js";

type StartOptions = NodeCliOptions & NetworkCliOptions & { datadir: string; genesis?: string; mining: boolean };

export function createStartCommand(): Command {
  const command = new Command("start")
    .summary("run a node on a data directory")
    .description(
      "Runs a node. On a network whose genesis names validators, the node joins BFT consensus over libp2p: " +
        "with a validator key it proposes and votes; without one it is a full node that follows, re-executes " +
        "and serves RPC. A node that is behind first catches up from its peers. A genesis without validators is " +
        "a development chain that this node alone extends every --block-time, unless --no-mining is given. A chain " +
        "from a geth genesis (forks by block and time), seeded with 'eigenchain import', is served and never extended.\n\n" +
        `Options are also read from <datadir>/${CONFIG_FILE} (as \`eigenchain testnet\` writes it; flags win). ` +
        'With --genesis (or a "genesis" entry in config.json) an empty datadir is initialized first.',
    )
    .requiredOption("--datadir <dir>", "data directory (chain data, consensus WAL, keys, tx journal)")
    .option("--genesis <file>", "genesis file: initializes an empty datadir, must match an initialized one")
    .option("--no-mining", "on a chain without validators: serve RPC and produce no blocks (geth without --mine)");
  addNodeOptions(command);
  addNetworkOptions(command);
  command.addHelpText(
    "after",
    "\nFiles in a node's data directory:\n" +
      "  config.json          option values (flags override them)\n" +
      "  genesis.json         the network's genesis (validators included)\n" +
      "  validator_key.json   BLS validator key, mode 0600 (absent on a full node)\n" +
      "  p2p_key.json         libp2p identity key, mode 0600 (created on first start)\n" +
      "  chaindata/           blocks, receipts, state, commit certificates (LevelDB)\n" +
      "  consensus.wal        this validator's own votes, written before they are sent\n" +
      "  txpool.journal       local transactions, re-added after a restart\n" +
      "\nPorts: JSON-RPC HTTP+WS --rpc.port (8545; /metrics too), p2p --p2p.listen (26656), metrics server with --metrics (127.0.0.1:6060).\n" +
      "\nExamples:\n  eigenchain testnet --validators 4 --out ./net && eigenchain start --datadir ./net/node0\n" +
      "  eigenchain start --datadir ./data --genesis genesis.json --validator.key ./validator_key.json \\\n" +
      "    --p2p.listen /ip4/0.0.0.0/tcp/26656 --p2p.announce /ip4/203.0.113.7/tcp/26656 \\\n" +
      "    --bootnodes /ip4/203.0.113.8/tcp/26656/p2p/12D3KooW...\n",
  );
  command.hook("preAction", (thisCommand) => applyConfigFile(thisCommand, thisCommand.opts<{ datadir: string }>().datadir));
  command.action(async (_options: StartOptions, thisCommand: Command) => {
    const options = thisCommand.opts<StartOptions>();
    const logger = createCliLogger(options);
    const genesisText = options.genesis === undefined ? undefined : readFileSync(options.genesis, "utf8");
    await runNode(options, { datadir: options.datadir, ...(genesisText === undefined ? {} : { genesisText }) }, logger);
  });
  return command;
}
