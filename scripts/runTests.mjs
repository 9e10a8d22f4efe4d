#!/usr/bin/env node
// Runs every test file (packages/*/test/**/*.test.ts, or under the folders given) with Node's own
// test runner, TypeScript loaded by tsx and workspace packages resolved to their sources.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folders = process.argv.slice(2);
const searchRoots = folders.length > 0 ? folders.map((f) => join(root, f)) : readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "test"));

function findTests(dir) {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return [];
  }
  if (stat.isFile()) return dir.endsWith(".test.ts") ? [dir] : [];
  return readdirSync(dir).flatMap((name) => (name === "node_modules" ? [] : findTests(join(dir, name))));
}

const files = searchRoots.flatMap(findTests).sort().map((f) => relative(root, f));
if (files.length === 0) {
  process.stderr.write(`no test files under ${searchRoots.map((r) => relative(root, r)).join(", ")}\n`);
  process.exit(1);
}
// One test file per core: e2e files start node processes that need a core of their own.
const concurrency = Math.max(1, Math.min(availableParallelism(), 4));
const result = spawnSync(
  process.execPath,
  [
    "--conditions=eigenchain-source",
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${concurrency}`,
    "--test-timeout=900000",
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
