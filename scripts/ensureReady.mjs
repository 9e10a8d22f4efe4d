#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when the lockfile changed or nothing is
// installed, then builds every package incrementally (tsc -b is a no-op when nothing changed) and
// bundles the dashboard page (packages/dashboard/build.mjs, only when its sources changed).
// Runs before `pnpm devnet`, `pnpm test` and `pnpm eigenchain` so the README's commands work
// on a machine that has only Node and npm.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quiet = process.argv.includes("--quiet");
const say = (line) => {
  if (!quiet) process.stderr.write(`[eigenchain] ${line}\n`);
};

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit" });
  if (result.status !== 0) {
    process.stderr.write(`[eigenchain] '${command} ${args.join(" ")}' failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}

function pnpmCommand() {
  // Inside `pnpm <script>`, npm_execpath points at the running pnpm; otherwise use the pinned one.
  const execPath = process.env.npm_execpath ?? "";
  if (execPath.includes("pnpm")) return [process.execPath, [execPath]];
  const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
  return ["npx", ["-y", pinned]];
}

const marker = join(root, "node_modules", ".modules.yaml");
const lockfile = join(root, "pnpm-lock.yaml");
if (!existsSync(marker) || statSync(lockfile).mtimeMs > statSync(marker).mtimeMs) {
  say("installing dependencies (pnpm install --frozen-lockfile)");
  const [cmd, pre] = pnpmCommand();
  run(cmd, [...pre, "install", "--frozen-lockfile"]);
}

say("building packages (tsc -b)");
run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "packages/node"]);
// The dashboard page the node serves at /dashboard/: bundled with esbuild when its sources changed.
run(process.execPath, [join(root, "packages", "dashboard", "build.mjs"), "--if-stale"]);
