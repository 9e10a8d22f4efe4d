// The validator and p2p flags of `start` (and the nodes `devnet` runs), named as geth and CometBFT name them.
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";

export interface NetworkCliOptions {
  "validator.key"?: string;
  "p2p.listen": string[];
  "p2p.announce"?: string[];
  bootnodes?: string[];
  p2p: boolean;
  "consensus.timeoutPropose"?: number;
  "unsafe.corruptStateRoot": boolean;
  "unsafe.equivocate": boolean;
  "unsafe.doublePropose": boolean;
}

/** Default p2p port, as CometBFT's; listening on every interface, since peers are on other hosts. */
export const DEFAULT_P2P_PORT = 26656;

function parseMultiaddrList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const item of items) {
    if (!item.startsWith("/")) throw new InvalidArgumentError(`expected a multiaddr such as /ip4/10.0.0.5/tcp/26656, got ${item}`);
  }
  // A flag given on the command line replaces the default instead of adding to it.
  return previous === undefined || previous === DEFAULT_LISTEN ? items : [...previous, ...items];
}

const DEFAULT_LISTEN = [`/ip4/0.0.0.0/tcp/${DEFAULT_P2P_PORT}`];

function parseMilliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError("expected milliseconds (a positive integer)");
  return n;
}

export function addNetworkOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--validator.key <file>",
        "validator BLS key file (default: <datadir>/validator_key.json if present; without one the node is a full node)",
      ),
    )
    .addOption(
      new Option("--p2p.listen <multiaddrs>", "p2p listen addresses, comma-separated libp2p multiaddrs")
        .default(DEFAULT_LISTEN, `/ip4/0.0.0.0/tcp/${DEFAULT_P2P_PORT}`)
        .argParser(parseMultiaddrList),
    )
    .addOption(
      new Option(
        "--p2p.announce <multiaddrs>",
        "addresses announced to peers, when they differ from the listen addresses (NAT, containers)",
      ).argParser(parseMultiaddrList),
    )
    .addOption(
      new Option("--bootnodes <multiaddrs>", "peers to connect to, comma-separated multiaddrs ending in /p2p/<peer id>").argParser(
        parseMultiaddrList,
      ),
    )
    .addOption(new Option("--no-p2p", "run without networking (a one-validator chain)"))
    .addOption(
      new Option(
        "--consensus.timeout-propose <ms>",
        "how long validators wait for a round's proposal (grows by 500 ms per round)",
      ).argParser(parseMilliseconds),
    )
    .addOption(
      new Option("--unsafe.equivocate", "TEST ONLY: sign a conflicting vote beside every vote (double prevote and precommit)")
        .default(false)
        .hideHelp(),
    )
    .addOption(
      new Option("--unsafe.double-propose", "TEST ONLY: sign and send a second, different proposal beside every own proposal")
        .default(false)
        .hideHelp(),
    )
    .addOption(
      new Option("--unsafe.corrupt-state-root", "TEST ONLY: propose blocks with a wrong state root (honest validators refuse them)")
        .default(false)
        .hideHelp(),
    );
}
