// `eigenchain devnet`: a throwaway local network of validator processes with funded accounts, printed like anvil.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseGenesisJson } from "@eigenchain/chain";
import { Command, Option } from "commander";
import { DEFAULT_METRICS_HOST } from "../../node.js";
import { DEFAULT_DEVNET_GENESIS, DEVNET_ACCOUNTS, DEVNET_MNEMONIC } from "../devnetAccounts.js";
import { DevnetSupervisor } from "../devnetSupervisor.js";
import { DEFAULT_P2P_PORT } from "../networkOptions.js";
import type { NodeCliOptions } from "../nodeOptions.js";
import { addNodeOptions } from "../nodeOptions.js";
import { parseNonNegativeInteger, parsePort, parsePositiveInteger } from "../parseOptions.js";
import { getMetricsServerOpts } from "../runNode.js";
import type { TestnetNode } from "../testnetWriter.js";
import { writeTestnet } from "../testnetWriter.js";

const WEI_PER_ETH = 10n ** 18n;
/** --rpc.corsdomain and --ws.origins of devnet nodes unless given: every origin (`start` allows none). */
const DEVNET_BROWSER_ORIGINS = "*";

type DevnetOptions = NodeCliOptions & { validators: number; fullNodes: number; datadir?: string; genesis: string; "p2p.port": number };

function formatEth(wei: bigint): string {
  const whole = wei / WEI_PER_ETH;
  const fraction = wei % WEI_PER_ETH;
  return fraction === 0n ? whole.toString() : `${whole}.${fraction.toString().padStart(18, "0").replace(/0+$/, "")}`;
}

/** Where a node's /metrics is: its own metrics server with --metrics, the RPC port otherwise. */
function getMetricsUrl(node: TestnetNode, options: DevnetOptions): string {
  if (node.metricsPort === undefined) return `http://${options["rpc.addr"]}:${node.rpcPort}/metrics`;
  return `http://${options["metrics.addr"] ?? DEFAULT_METRICS_HOST}:${node.metricsPort}/metrics`;
}

function printBanner(nodes: readonly TestnetNode[], genesisText: string, out: string, throwaway: boolean, options: DevnetOptions): void {
  const genesis = parseGenesisJson(genesisText);
  const host = options["rpc.addr"];
  const lines = [
    "",
    `EIGENChain devnet: ${options.validators} validator${options.validators === 1 ? "" : "s"}${options.fullNodes > 0 ? ` and ${options.fullNodes} full node(s)` : ""}, one process each`,
    "",
    "Available Accounts",
    "==================",
    ...DEVNET_ACCOUNTS.map(
      (account, i) => `(${i}) ${account.address} (${formatEth(genesis.alloc.get(account.address.toLowerCase())?.balance ?? 0n)} ETH)`,
    ),
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
    "Nodes",
    "==================",
    ...nodes.map(
      (node) =>
        `${node.name}  ${node.validator ? "validator" : options.blockTime === 0 && options.validators === 1 ? "instant-mining node" : "full node"}  RPC http://${host}:${node.rpcPort}  ws://${host}:${node.rpcPort}  metrics ${getMetricsUrl(node, options)}  p2p ${node.peerAddress}`,
    ),
    "",
    `Dashboard:   ${getDashboardUrl(nodes, host)}  (blocks, per-worker timelines, pool, votes, peers)`,
    "",
    options.blockTime === 0 && options.validators === 1
      ? "Mining:      instant (a block for each transaction, like anvil's automine)"
      : `Block time:  ${options.blockTime} ms`,
    `Browsers:    CORS ${options["rpc.corsdomain"] ?? DEVNET_BROWSER_ORIGINS}, WebSocket origins ${options["ws.origins"] ?? DEVNET_BROWSER_ORIGINS}` +
      ` (a page on any such site can use these nodes; set --rpc.corsdomain / --ws.origins to narrow)`,
    `Data dir:    ${out}${throwaway ? " (throwaway: deleted on exit)" : ""}`,
    "",
    `Listening on http://${host}:${nodes[0]?.rpcPort} (node0); Ctrl-C stops every node`,
    "",
  ];
  console.log(lines.join("\n"));
}

/** node0's dashboard page, watching the other nodes too (their peers; the batch layout of blocks they built). */
export function getDashboardUrl(nodes: readonly TestnetNode[], host: string): string {
  const others = nodes.slice(1).map((node) => node.rpcPort);
  return `http://${host}:${nodes[0]?.rpcPort}/dashboard/${others.length === 0 ? "" : `?nodes=${others.join(",")}`}`;
}

/**
 * Options every node runs with: what was given on the command line, plus worker counts that keep N
 * nodes on one machine from oversubscribing it (executor workers share the cores; sender recovery stays
 * on each node's main thread when there are more nodes than cores).
 */
function getNodeConfig(command: Command, options: DevnetOptions, nodeCount: number): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  // Ports shift per node: the testnet writer gives each node its own.
  const devnetOnly = new Set(["validators", "fullNodes", "datadir", "genesis", "p2p.port", "rpc.port", "metrics.port"]);
  for (const option of command.options) {
    const name = option.attributeName();
    if (!devnetOnly.has(name) && command.getOptionValueSource(name) === "cli") config[name] = command.getOptionValue(name);
  }
  const cores = availableParallelism();
  // One node alone takes the executor's own default (at least 2 workers on 2 cores).
  if (nodeCount > 1) config["executor.workers"] ??= Math.max(1, Math.floor((cores - 1) / nodeCount));
  config["tx.recovery"] ??= nodeCount >= cores ? "main" : "auto";
  config["rpc.addr"] = options["rpc.addr"];
  // As anvil: the funded test accounts are unlocked (eth_accounts, eth_sendTransaction, eth_sign…).
  config["dev.unlocked"] = true;
  // A devnet is for building dapps: pages on any origin may call it, and the banner says so.
  config["rpc.corsdomain"] ??= DEVNET_BROWSER_ORIGINS;
  config["ws.origins"] ??= DEVNET_BROWSER_ORIGINS;
  return config;
}

export function createDevnetCommand(): Command {
  const command = new Command("devnet")
    .summary("run a throwaway local network of validators with funded accounts")
    .description(
      "Starts a local network on this machine: --validators validators (and --full-nodes full nodes), each its own " +
        "OS process, talking over libp2p on 127.0.0.1, from genesis/devnet.json: chain id 57710 and ten accounts of " +
        `the public '${DEVNET_MNEMONIC}' mnemonic with 10,000 ETH each, printed with their private keys like anvil does. ` +
        "Node i serves JSON-RPC on --rpc.port + i and p2p on --p2p.port + i (and, with --metrics, /metrics on --metrics.port + i; " +
        "/metrics is always on each RPC port too); each node's log lines are prefixed with its " +
        "name; Ctrl-C stops them all. The network lives in a temporary folder deleted on exit unless --datadir is given " +
        "(then its node folders are written there and kept).\n\n" +
        "Worker threads: the nodes share this machine's cores, so each node's parallel executor gets " +
        "max(1, floor((cores - 1) / nodes)) workers and, with as many nodes as cores or more, senders are recovered on " +
        "each node's main thread; --executor.workers and --tx.recovery override this.\n\n" +
        "--validators 1 --block-time 0 runs one node that mines each transaction at once (anvil's automine), on a " +
        "development chain without consensus: what test suites against a local node expect.",
    )
    .addOption(new Option("--validators <n>", "number of validators").default(4).argParser(parsePositiveInteger))
    .addOption(new Option("--full-nodes <n>", "number of full nodes").default(0).argParser(parseNonNegativeInteger))
    .option("--datadir <dir>", "keep the network's node folders here (default: a throwaway temp dir)")
    .option("--genesis <file>", "genesis file (its validators are replaced by the devnet's)", DEFAULT_DEVNET_GENESIS)
    .addOption(new Option("--p2p.port <port>", "p2p port of node0 (node i uses port + i)").default(DEFAULT_P2P_PORT).argParser(parsePort));
  addNodeOptions(command);
  command.addHelpText(
    "after",
    "\nExamples:\n  eigenchain devnet\n  eigenchain devnet --validators 4 --full-nodes 1 --block-time 500 --datadir ./devnet\n",
  );
  command.action(async (_options: DevnetOptions, thisCommand: Command) => {
    const options = thisCommand.opts<DevnetOptions>();
    const genesisText = readFileSync(options.genesis, "utf8");
    parseGenesisJson(genesisText);
    const throwaway = options.datadir === undefined;
    const out = options.datadir ?? mkdtempSync(join(tmpdir(), "eigenchain-devnet-"));
    const nodeCount = options.validators + options.fullNodes;
    // anvil's automine: one node of a development chain that mines every transaction at once.
    const instantMining = options.validators === 1 && options.fullNodes === 0 && options.blockTime === 0;
    // --metrics: node i serves /metrics on --metrics.port + i (geth's 6060 by default).
    const metricsServer = getMetricsServerOpts(options);
    const nodes = await writeTestnet({
      validators: options.validators,
      fullNodes: options.fullNodes,
      out,
      baseGenesis: JSON.parse(genesisText) as Record<string, unknown>,
      host: "127.0.0.1",
      rpcBasePort: options["rpc.port"],
      p2pBasePort: options["p2p.port"],
      ...(metricsServer === undefined ? {} : { metricsBasePort: metricsServer.port }),
      extraConfig: getNodeConfig(thisCommand, options, nodeCount),
      devChain: instantMining,
    });
    let failed: string | undefined;
    let wake: (() => void) | undefined;
    const stopped = new Promise<void>((resolve) => (wake = resolve));
    const supervisor = new DevnetSupervisor(
      nodes.map((node) => ({ name: node.name, datadir: node.dir, rpcUrl: `http://127.0.0.1:${node.rpcPort}` })),
      (name, code) => {
        failed = `${name} exited with code ${code}`;
        wake?.();
      },
    );
    const onSignal = (): void => wake?.();
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      supervisor.start();
      await Promise.race([supervisor.waitUntilServing(), stopped]);
      if (failed === undefined) {
        printBanner(nodes, genesisText, out, throwaway, options);
        await stopped;
      }
    } finally {
      await supervisor.stop();
      if (throwaway) rmSync(out, { recursive: true, force: true });
    }
    if (failed !== undefined) throw new Error(failed);
  });
  return command;
}
