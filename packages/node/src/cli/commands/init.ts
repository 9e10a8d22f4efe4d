// `eigenchain init`: a new data directory from a genesis file.
import { readFileSync } from "node:fs";
import { bytesToHex } from "@ethereumjs/util";
import { Command } from "commander";
import { openChain } from "../../chain/openChain.js";

export function createInitCommand(): Command {
  return new Command("init")
    .summary("create a data directory from a genesis file")
    .description(
      "Writes the genesis block and state of a network into a new data directory. Running it again\n" +
        "with the same genesis is harmless; a different genesis is refused.",
    )
    .requiredOption("--genesis <file>", "genesis file (geth's genesis.json shape plus validators)")
    .requiredOption("--datadir <dir>", "data directory to create")
    .addHelpText("after", "\nExample:\n  eigenchain init --genesis genesis/devnet.json --datadir ./data\n")
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
