// `pnpm rpc-compat DIR`: runs the execution-apis conformance files in DIR against a fresh node and prints per-method counts.
import { resolve } from "node:path";
import { compareWithKnownFailures, loadKnownFailures } from "./knownFailures.js";
import { formatRpcCompatReport, runRpcCompat } from "./rpcCompat.js";

const dir = process.argv[2];
if (dir === undefined) {
  console.error("usage: pnpm rpc-compat DIR   (DIR holds genesis.json, chain.rlp and one folder of .io files per method)");
  process.exit(2);
}
const run = await runRpcCompat(resolve(dir));
const verbose = process.argv.includes("--verbose");
for (const r of run.results) {
  if (!r.passed && (verbose || !r.method.startsWith("eth_simulateV1"))) console.log(`FAIL ${r.file}: ${r.reason}`);
}
const check = compareWithKnownFailures(run.results, loadKnownFailures());
for (const file of check.unexpectedFailures) console.log(`REGRESSION ${file}: fails and is not in knownFailures.json`);
for (const file of check.unexpectedPasses) console.log(`STALE ${file}: passes now; remove it from knownFailures.json`);
console.log(`\nimport ${(run.importMs / 1000).toFixed(1)} s, replay ${(run.replayMs / 1000).toFixed(1)} s\n`);
for (const line of formatRpcCompatReport(run.results)) console.log(line);
process.exit(check.unexpectedFailures.length + check.unexpectedPasses.length > 0 ? 1 : 0);
