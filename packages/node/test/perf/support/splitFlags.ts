// The benches' flag options: one string of flags for the node's CLI or its Node.js runtime, split into arguments.
/**
 * Splits a flags option ("--a 1 --b") into arguments; "" gives none. bench:node's and bench:devnet's
 * `--node-args` and `--runtime-flags` take their flags this way.
 */
export function splitFlags(value: string): string[] {
  return value.trim() === "" ? [] : value.trim().split(/\s+/);
}
