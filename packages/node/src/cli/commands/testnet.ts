// `eigenchain testnet`: the folders of a multi-validator network, one per node, like `cometbft testnet`.
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { DEFAULT_DEVNET_GENESIS } from "../devnetAccounts.js";
import { DEFAULT_P2P_PORT } from "../networkOptions.js";
import { parseNonNegativeInteger, parsePort, parsePositiveInteger } from "../parseOptions.js";
import { writeTestnet } from "../testnetWriter.js";

interface TestnetOptions {
  validators: number;
  fullNodes: number;
  out: string;
  genesis: string;
  host: string;
  rpcPort: number;
  p2pPort: number;
}

export function createTestnetCommand(): Command {
  return new Command("testnet")
    .summary("write the folders of a multi-validator network")
    .description(
      "Writes one folder per node, like `cometbft testnet`: OUT/node0 … OUT/node{N+M-1}, each with its validator key " +
        "(validators only, 0600), its libp2p key (0600), the shared genesis.json naming the N validators, and a " +
        "config.json with its ports (shifted by one per node) and every other node as a boot node. Run each with " +
        "`eigenchain start --datadir OUT/nodeI`, on one machine or, with --host, on several.",
    )
    .addOption(new Option("--validators <n>", "number of validators").default(4).argParser(parsePositiveInteger))
    .addOption(new Option("--full-nodes <n>", "number of full nodes (no validator key)").default(0).argParser(parseNonNegativeInteger))
    .requiredOption("--out <dir>", "output folder")
    .option("--genesis <file>", "genesis to start from (funded accounts, chain id); its validators are replaced", DEFAULT_DEVNET_GENESIS)
    .option("--host <ip>", "IP address the nodes listen on and dial each other at", "127.0.0.1")
    .addOption(new Option("--rpc-port <port>", "JSON-RPC port of node0 (node i uses port + i)").default(8545).argParser(parsePort))
    .addOption(new Option("--p2p-port <port>", "p2p port of node0 (node i uses port + i)").default(DEFAULT_P2P_PORT).argParser(parsePort))
    .addHelpText(
      "after",
      "\nExample:\n  eigenchain testnet --validators 4 --full-nodes 1 --out ./mytestnet\n  eigenchain start --datadir ./mytestnet/node0\n",
    )
    .action(async (options: TestnetOptions) => {
      const nodes = await writeTestnet({
        validators: options.validators,
        fullNodes: options.fullNodes,
        out: options.out,
        baseGenesis: JSON.parse(readFileSync(options.genesis, "utf8")) as Record<string, unknown>,
        host: options.host,
        rpcBasePort: options.rpcPort,
        p2pBasePort: options.p2pPort,
      });
      for (const node of nodes) {
        console.log(
          `${node.dir}  ${node.validator ? "validator" : "full node"}  rpc ${options.host}:${node.rpcPort}  p2p ${node.peerAddress}`,
        );
      }
      console.log(`\nStart each node with: eigenchain start --datadir ${options.out}/nodeI`);
    });
}
