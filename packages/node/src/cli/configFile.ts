// <datadir>/config.json: option values for `start`, written by `testnet`; command-line flags win.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Command } from "commander";
import { createNodeError } from "../errors.js";

export const CONFIG_FILE = "config.json";

/** Options whose values are paths: relative ones are read against the datadir, so a node folder can move. */
const PATH_OPTIONS = new Set(["genesis", "validator.key"]);

/**
 * Applies `<datadir>/config.json` (an object of option names as `--help` lists them without dashes,
 * e.g. `"rpc.port": 8546`) to every option not given on the command line. Unknown names are refused.
 */
export function applyConfigFile(command: Command, datadir: string): void {
  const path = join(datadir, CONFIG_FILE);
  if (!existsSync(path)) return;
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw createNodeError({ code: "NODE_CONFIG_INVALID", option: path }, `${path} is not valid JSON: ${(err as Error).message}`, err);
  }
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw createNodeError({ code: "NODE_CONFIG_INVALID", option: path }, `${path} must hold a JSON object of option values`);
  }
  const known = new Map(command.options.map((o) => [o.attributeName(), o]));
  for (const [name, value] of Object.entries(config)) {
    if (!known.has(name)) throw createNodeError({ code: "NODE_CONFIG_INVALID", option: name }, `${path}: unknown option "${name}"`);
    if (command.getOptionValueSource(name) === "cli") continue;
    const resolved = PATH_OPTIONS.has(name) && typeof value === "string" && !isAbsolute(value) ? join(datadir, value) : value;
    command.setOptionValueWithSource(name, resolved, "config");
  }
}
