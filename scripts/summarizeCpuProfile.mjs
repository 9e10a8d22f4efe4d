#!/usr/bin/env node
// Prints where a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) spent its time: the idle share
// and the functions with the most self time. Usage: node scripts/summarizeCpuProfile.mjs FILE [--top N]
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: summarizeCpuProfile.mjs FILE.cpuprofile [--top N]");
  process.exit(2);
}
const topArg = process.argv.indexOf("--top");
const top = topArg === -1 ? 25 : Number(process.argv[topArg + 1]);
const profile = JSON.parse(readFileSync(file, "utf8"));

// Self time per node: the sampled intervals attributed to it.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  total += us;
  const { functionName, url, lineNumber } = node.callFrame;
  const where =
    url === "" ? "" : ` ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?packages\//, "packages/")}:${lineNumber + 1}`;
  const key = `${functionName || "(anonymous)"}${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
console.log(
  `profile: ${(total / 1e6).toFixed(1)} s sampled, idle ${pct(byFunction.get("(idle)") ?? 0)}, GC ${pct(byFunction.get("(garbage collector)") ?? 0)}`,
);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${name}`);
