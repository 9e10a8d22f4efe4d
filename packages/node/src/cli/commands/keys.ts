// `eigenchain keys`: generate and inspect validator BLS key files.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { ValidatorKey } from "@eigenchain/consensus";
import { generateValidatorKey, loadValidatorKey, saveValidatorKey } from "@eigenchain/consensus";
import { bytesToHex } from "@ethereumjs/util";
import { Command } from "commander";
import { VALIDATOR_KEY_FILE } from "../../consensus/bftServices.js";

function getKeyPath(options: { datadir?: string; key?: string }): string {
  if (options.key !== undefined) return options.key;
  if (options.datadir !== undefined) return join(options.datadir, VALIDATOR_KEY_FILE);
  throw new Error("give --datadir DIR or --key FILE");
}

/** Public parts only: the secret key never reaches stdout or logs. */
function printKey(path: string, key: ValidatorKey): void {
  console.log(`Key file:            ${path}`);
  console.log(`Address:             ${key.address}`);
  console.log(`BLS public key:      ${bytesToHex(key.publicKey)}`);
  console.log(`Proof of possession: ${bytesToHex(key.proofOfPossession)}`);
  console.log("");
  console.log("Genesis validators entry:");
  console.log(JSON.stringify({ name: key.address, blsPublicKey: bytesToHex(key.publicKey), power: 1 }, null, 2));
}

/** Validator BLS12-381 key files (0600), as packages/consensus writes and reads them. */
export function createKeysCommand(): Command {
  const keys = new Command("keys")
    .summary("generate and inspect validator keys")
    .description(
      "Manages the node's BLS12-381 validator key: a JSON key file readable by its owner only (0600),\n" +
        `by default <datadir>/${VALIDATOR_KEY_FILE}. A single-validator devnet needs no key.`,
    );
  keys
    .command("generate")
    .description("generate a validator key and write it with 0600 permissions; prints the public key")
    .option("--datadir <dir>", `data directory (key goes to <dir>/${VALIDATOR_KEY_FILE})`)
    .option("--key <file>", "key file path (instead of --datadir)")
    .option("--force", "replace an existing key file", false)
    .addHelpText("after", "\nExample:\n  eigenchain keys generate --datadir ./data\n")
    .action(async (options: { datadir?: string; key?: string; force: boolean }) => {
      const path = getKeyPath(options);
      if (options.key === undefined && options.datadir !== undefined) mkdirSync(options.datadir, { recursive: true, mode: 0o700 });
      const key = generateValidatorKey();
      await saveValidatorKey(path, key, { overwrite: options.force });
      printKey(path, key);
    });
  keys
    .command("show")
    .description("print the address and public key of a validator key file")
    .option("--datadir <dir>", `data directory (reads <dir>/${VALIDATOR_KEY_FILE})`)
    .option("--key <file>", "key file path (instead of --datadir)")
    .action(async (options: { datadir?: string; key?: string }) => {
      const path = getKeyPath(options);
      printKey(path, await loadValidatorKey(path));
    });
  return keys;
}
