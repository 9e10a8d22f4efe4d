import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseGenesisJson } from "@eigenchain/chain";
import { Command } from "commander";
import type { EigenNode } from "../../node.js";
import { DEVNET_ACCOUNTS, DEVNET_MNEMONIC } from "../devnetAccounts.js";
import type { NodeCliOptions } from "../nodeOptions.js";
import { addNodeOptions } from "../nodeOptions.js";
import { createCliLogger, runNode } from "../runNode.js";

/** genesis/devnet.json at the repository root (src/cli/commands and dist/cli/commands sit at the same depth). */
const DEFAULT_DEVNET_GENESIS = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../../genesis/devnet.json");
const WEI_PER_ETH = 10n ** 18n;

function formatEth(wei: bigint): string {
  const whole = wei / WEI_PER_ETH;
  const fraction = wei % WEI_PER_ETH;
  return fraction === 0n ? whole.toString() : `${whole}.${fraction.toString().padStart(18, "0").replace(/0+$/, "")}`;
}

function printBanner(
  node: EigenNode,
  genesisText: string,
  datadir: string,
  throwaway: boolean,
  options: NodeCliOptions,
): void {
  const genesis = parseGenesisJson(genesisText);
  const { host, port } = node.address;
  const lines = [
    "",
    "EIGENChain devnet",
    "",
    "Available Accounts",
    "==================",
    ...DEVNET_ACCOUNTS.map((account, i) => {
      const balance = genesis.alloc.get(account.address.toLowerCase())?.balance ?? 0n;
      return `(${i}) ${account.address} (${formatEth(balance)} ETH)`;
    }),
    "",
    "Private Keys (PUBLIC TEST KEYS: anyone can spend from them; never use them for real value)",
    "==================",
    ...DEVNET_ACCOUNTS.map((account, i) => `(${i}) ${account.privateKey}`),
    "",
    "Wallet",
    "==================",
    `Mnemonic:        ${DEVNET_MNEMONIC}`,
    "Derivation path: m/44'/60'/0'/0/",
    "",
    "Chain ID",
    "==================",
    `${genesis.chainId}`,
    "",
    `Block time:  ${options.blockTime} ms (${options.allowEmptyBlocks ? "empty blocks produced" : "empty blocks skipped"})`,
    `Data dir:    ${datadir}${throwaway ? " (throwaway: deleted on exit)" : ""}`,
    `Metrics:     http://${host}:${port}/metrics`,
    "",
    `Listening on http://${host}:${port} and ws://${host}:${port}`,
    "",
  ];
  console.log(lines.join("\n"));
}

export function createDevnetCommand(): Command {
  const command = new Command("devnet")
    .summary("run a throwaway local network with funded accounts")
    .description(
      "Starts a single-node devnet from genesis/devnet.json: chain id 57710 and ten accounts of the public\n" +
        `'${DEVNET_MNEMONIC}' mnemonic with 10,000 ETH each, printed with their\n` +
        "private keys like anvil does. The data directory is a temporary one deleted on exit unless --datadir is given.",
    )
    .option("--datadir <dir>", "keep the chain in this data directory (default: a throwaway temp dir)")
    .option("--genesis <file>", "genesis file", DEFAULT_DEVNET_GENESIS);
  addNodeOptions(command);
  command.addHelpText(
    "after",
    "\nExamples:\n  eigenchain devnet\n  eigenchain devnet --block-time 200 --rpc.port 8546 --datadir ./devnet-data\n",
  );
  command.action(async (options: NodeCliOptions & { datadir?: string; genesis: string }) => {
    const logger = createCliLogger(options);
    const genesisText = readFileSync(options.genesis, "utf8");
    parseGenesisJson(genesisText);
    const throwaway = options.datadir === undefined;
    const datadir = options.datadir ?? mkdtempSync(join(tmpdir(), "eigenchain-devnet-"));
    try {
      await runNode(options, { datadir, genesisText }, logger, (node) =>
        printBanner(node, genesisText, datadir, throwaway, options),
      );
    } finally {
      if (throwaway) rmSync(datadir, { recursive: true, force: true });
    }
  });
  return command;
}
