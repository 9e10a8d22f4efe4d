// `pnpm soak [--kills N] [--seed S] [--as-devnet]`: the crash soak, one JSON line of results; exit 1 on any
// violation. `--as-devnet` runs the validators as `pnpm devnet` does (built CLI, the node's defaults
// and JIT warm-up), so that every rejoin counts a real validator's whole start.
import { parseArgs } from "node:util";
import { runCrashSoak } from "./crashSoak.js";

const { values } = parseArgs({
  options: {
    kills: { type: "string", default: "20" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    "as-devnet": { type: "boolean", default: false },
  },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
if (!Number.isSafeInteger(kills) || kills < 1 || !Number.isSafeInteger(seed)) {
  console.error("usage: pnpm soak [--kills N] [--seed S] [--as-devnet]");
  process.exit(2);
}
const started = Date.now();
const report = await runCrashSoak({ kills, seed, asDevnet: values["as-devnet"], onProgress: (line) => console.error(line) });
console.log(JSON.stringify({ ...report, seed, seconds: Math.round((Date.now() - started) / 1000) }));
const ok = report.forks === 0 && report.doubleSigns === 0 && report.lostTransactions === 0 && report.rejoinsOver20s === 0;
process.exit(ok ? 0 : 1);
