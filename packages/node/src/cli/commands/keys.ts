import { Command } from "commander";

/**
 * Validator key management. BLS12-381 key files come from packages/consensus; until it exports
 * them, the subcommands explain that instead of writing a key format that would have to change.
 */
export function createKeysCommand(): Command {
  const keys = new Command("keys").summary("generate and inspect validator keys").description(
    "Manages the node's BLS12-381 validator key (a 0600 key file in the data directory).\n" +
      "A single-validator devnet needs no key: the node produces blocks on its own.",
  );
  const notYet = (): never => {
    console.error("Fatal: validator key files are not available yet: they arrive with BFT consensus (packages/consensus).");
    process.exit(1);
  };
  keys
    .command("generate")
    .description("generate a validator key and write it to --datadir with 0600 permissions")
    .requiredOption("--datadir <dir>", "data directory")
    .action(notYet);
  keys
    .command("show")
    .description("print the public key of the validator key in --datadir")
    .requiredOption("--datadir <dir>", "data directory")
    .action(notYet);
  return keys;
}
