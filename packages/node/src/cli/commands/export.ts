// `eigenchain export`: writes a range of blocks of a datadir to a file as concatenated RLP (geth's format).
import { bytesToHex } from "@ethereumjs/util";
import { Command, InvalidArgumentError } from "commander";
import { exportBlocks } from "../../chain/chainExport.js";
import { openChain } from "../../chain/openChain.js";

function parseBlockNumber(value: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) throw new InvalidArgumentError("expected a block number");
  return BigInt(value);
}

export function createExportCommand(): Command {
  return new Command("export")
    .summary("export blocks of a data directory to an RLP file")
    .description(
      "Writes blocks --from…--to (default: 1 to the head; genesis comes from 'init') as concatenated RLP, the " +
        "format of 'geth export', for 'eigenchain import' or 'geth import'. The file appears only when complete.",
    )
    .requiredOption("--datadir <dir>", "data directory to read")
    .option("--from <n>", "first block (default 1)", parseBlockNumber)
    .option("--to <n>", "last block (default: the head)", parseBlockNumber)
    .argument("<file>", "file to write")
    .addHelpText("after", "\nExample:\n  eigenchain export --datadir ./data --from 1 --to 1000 blocks.rlp\n")
    .action(async (file: string, options: { datadir: string; from?: bigint; to?: bigint }) => {
      const chain = await openChain({ datadir: options.datadir });
      try {
        const range = {
          ...(options.from === undefined ? {} : { from: options.from }),
          ...(options.to === undefined ? {} : { to: options.to }),
        };
        const summary = await exportBlocks(chain.store, file, range);
        const last = await chain.store.getBlockByNumber(summary.to);
        console.log(
          `Exported blocks ${summary.from}…${summary.to} (${summary.blocks} blocks, ${summary.bytes} bytes) to ${file}; last ${bytesToHex(last!.hash())}`,
        );
      } finally {
        await chain.stateStore.close();
        await chain.store.close();
      }
    });
}
