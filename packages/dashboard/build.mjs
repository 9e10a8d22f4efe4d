#!/usr/bin/env node
// Bundles the dashboard page into dist/ with esbuild (Chart.js included: the page loads nothing from a CDN),
// after type-checking its sources. `--if-stale` does nothing when dist/ is newer than every source file.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const stamp = join(dist, ".built");
const sources = [
  join(here, "index.html"),
  join(here, "build.mjs"),
  join(here, "package.json"),
  ...readdirSync(join(here, "src")).map((f) => join(here, "src", f)),
];

function isStale() {
  if (!existsSync(stamp) || !existsSync(join(dist, "index.html"))) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((file) => statSync(file).mtimeMs > built);
}

if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);

const tsc = join(here, "..", "..", "node_modules", "typescript", "bin", "tsc");
const checked = spawnSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json")], { stdio: "inherit" });
if (checked.status !== 0) {
  process.stderr.write("[dashboard] type errors: not bundled\n");
  process.exit(checked.status ?? 1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(here, "src", "dashboard.ts"), join(here, "src", "dashboard.css")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "eof",
  outdir: dist,
  logLevel: "warning",
});
copyFileSync(join(here, "index.html"), join(dist, "index.html"));
writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stderr.write(`[dashboard] bundled into ${dist}\n`);
