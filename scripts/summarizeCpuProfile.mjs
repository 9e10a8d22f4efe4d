#!/usr/bin/env node
// Prints where a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) spent its time: the idle share
// and the functions with the most self time (or, with --inclusive, the most time including callees).
// Usage: node scripts/summarizeCpuProfile.mjs FILE [--top N] [--inclusive] [--after FUNCTION] [--from FUNCTION [--clock FILE]]
//   --after FUNCTION only samples after the last one whose stack holds FUNCTION (`warmUpJit`: skip the node's JIT warm-up)
//   --from FUNCTION  only samples from the first one whose stack holds FUNCTION (e.g. `admit`: skip start-up)
//   --clock FILE     take that instant from FILE instead (a worker thread's profile, timed by the main thread's)
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args[0];
if (file === undefined || file.startsWith("--")) {
  console.error(
    "usage: summarizeCpuProfile.mjs FILE.cpuprofile [--top N] [--inclusive] [--after FUNCTION] [--from FUNCTION [--clock FILE]]",
  );
  process.exit(2);
}
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const top = Number(option("--top") ?? 25);
const inclusive = args.includes("--inclusive");
const from = option("--from");

/** The profile with each sample's timestamp and a parent link per node. */
function load(path) {
  const profile = JSON.parse(readFileSync(path, "utf8"));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const times = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    times.push(t);
  }
  const stack = (id) => {
    const frames = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) frames.push(nodes.get(cur));
    return frames;
  };
  return { profile, nodes, times, stack };
}

function frameName(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where =
    url === "" ? "" : ` ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?packages\//, "packages/")}:${lineNumber + 1}`;
  return `${functionName || "(anonymous)"}${where}`;
}

const holds = (loaded, i, name) => loaded.stack(loaded.profile.samples[i]).some((n) => n.callFrame.functionName === name);

/** The index of the first sample after the last one that has `name` on its stack (0: from the start). */
function findFirstAfter(loaded, name) {
  if (name === undefined) return 0;
  for (let i = loaded.profile.samples.length - 1; i >= 0; i--) if (holds(loaded, i, name)) return i + 1;
  console.error(`no sample has ${name} on its stack`);
  process.exit(2);
}

/** The first instant, from sample `first` on, whose sample has `name` on its stack (that sample's instant without a name). */
function findStart(loaded, name, first) {
  if (name === undefined) return first === 0 ? 0 : loaded.times[first];
  for (let i = first; i < loaded.profile.samples.length; i++) if (holds(loaded, i, name)) return loaded.times[i];
  console.error(`no sample has ${name} on its stack`);
  process.exit(2);
}

const loaded = load(file);
const clock = option("--clock") === undefined ? loaded : load(option("--clock"));
const start = findStart(clock, from, findFirstAfter(clock, option("--after")));
const byFunction = new Map();
let total = 0;
const { profile, nodes, times, stack } = loaded;
for (let i = 0; i < profile.samples.length; i++) {
  if (times[i] < start) continue;
  const us = profile.timeDeltas[i + 1] ?? 0;
  total += us;
  // Self time counts the sampled frame; inclusive time counts each distinct function on its stack once.
  const names = inclusive ? new Set(stack(profile.samples[i]).map(frameName)) : [frameName(nodes.get(profile.samples[i]))];
  for (const name of names) byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
console.log(
  `profile: ${(total / 1e6).toFixed(1)} s sampled${from === undefined ? "" : ` from the first ${from}`}, ` +
    `idle ${pct(byFunction.get("(idle)") ?? 0)}, GC ${pct(byFunction.get("(garbage collector)") ?? 0)}`,
);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  if (inclusive && name === "(root)") continue;
  console.log(`${pct(us)}  ${name}`);
}
