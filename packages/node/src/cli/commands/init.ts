// `eigenchain init`: a new data directory from a genesis file.
import { readFileSync } from "node:fs";
import { bytesToHex } from "@ethereumjs/util";
import { Command } from "commander";
import { openChain } from "../../chain/openChain.js";

export function createInitCommand(): Command {
  return new Command("init")
    .summary("create a data directory from a genesis file")
    .description(
      "Writes the genesis block and state of a network into a new data directory. Running it again " +
        "with the same genesis is harmless; a different genesis is refused. Two formats: EIGENChain's (geth's " +
        "genesis.json shape with only a chain id in `config`, plus optional validators), and geth's own, whose " +
        "`config` carries a fork schedule (forks by block and by time, terminalTotalDifficulty): its rules come from " +
        "ethereumjs (createCommonFromGethGenesis), and 'eigenchain import' then seeds the chain from an RLP file.",
    )
    .requiredOption("--genesis <file>", "genesis file: EIGENChain's format (validators optional) or geth's (a fork schedule)")
    .requiredOption("--datadir <dir>", "data directory to create")
    .addHelpText(
      "after",
      "\nExamples:\n  eigenchain init --genesis genesis/devnet.json --datadir ./data\n" +
        "  eigenchain init --genesis geth-genesis.json --datadir ./data && eigenchain import --datadir ./data chain.rlp\n",
    )
    .action(async (options: { genesis: string; datadir: string }) => {
      const genesisText = readFileSync(options.genesis, "utf8");
      const chain = await openChain({ datadir: options.datadir, genesisText });
      const hash = bytesToHex((await chain.store.getBlockByNumber(0n))!.hash());
      await chain.stateStore.close();
      await chain.store.close();
      const verb = chain.initialized ? "Initialized" : "Already initialized";
      console.log(`${verb} ${options.datadir}: chain id ${chain.genesis.chainId}, genesis ${hash}, head ${chain.head.header.number}`);
    });
}
