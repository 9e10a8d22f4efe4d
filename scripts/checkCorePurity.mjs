#!/usr/bin/env node
// Enforces STYLE.md §1: pure cores (`packages/*/src/core/`, `packages/mempool/src/pool/`) do no I/O,
// read no clock and draw no randomness, so they can be stepped deterministically in tests and the
// simulator. Exits non-zero and names file and line for every violation.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const FORBIDDEN = [
  [/from\s+["']node:/, "imports a node: module"],
  [/\bawait\b|\basync\b/, "is asynchronous"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\b/, "uses a timer"],
  [/\bDate\b|performance\.now|process\.hrtime/, "reads the clock"],
  [/Math\.random|crypto\.getRandomValues|randomBytes/, "draws randomness"],
  [/\bconsole\./, "logs"],
  [/\bprocess\./, "touches the process"],
];

function walk(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const pureDirs = readdirSync(join(root, "packages")).flatMap((pkg) => [
  join(root, "packages", pkg, "src", "core"),
  join(root, "packages", pkg, "src", "pool"),
]);
const violations = [];
for (const file of pureDirs.flatMap(walk)) {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    if (/^\s*\*/.test(code)) return; // inside a doc comment
    for (const [pattern, what] of FORBIDDEN) {
      if (pattern.test(code)) violations.push(`${relative(root, file)}:${i + 1}: pure core ${what}: ${line.trim()}`);
    }
  });
}
if (violations.length > 0) {
  process.stderr.write(`${violations.join("\n")}\n${violations.length} core purity violation(s)\n`);
  process.exit(1);
}
process.stdout.write("core purity: ok\n");
