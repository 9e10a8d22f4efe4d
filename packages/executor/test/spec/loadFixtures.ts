import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { BlockchainTestJson, FixtureCase, StateTestJson } from "./fixtureTypes.js";
import { isSupportedFork } from "./fixtureTypes.js";

/** Every `.json` file under `dir` (or `dir` itself), sorted, as absolute paths. */
export function findFixtureFiles(dir: string): string[] {
  const stat = statSync(dir);
  if (stat.isFile()) return dir.endsWith(".json") ? [dir] : [];
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith(".json")) out.push(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** A file's path relative to the run's root folder, with `/` separators (stable case ids). */
export function relativeId(root: string, file: string): string {
  const rel = relative(root, file);
  return (rel === "" ? file.split(sep).pop()! : rel).split(sep).join("/");
}

function isStateTest(t: Record<string, unknown>): boolean {
  return typeof t.env === "object" && typeof t.pre === "object" && typeof t.transaction === "object" && typeof t.post === "object";
}

function isBlockchainTest(t: Record<string, unknown>): boolean {
  return Array.isArray(t.blocks) && typeof t.pre === "object" && typeof t.network === "string" && typeof t.genesisBlockHeader === "object";
}

/**
 * Expands one fixture file into cases: one per (state test, fork, post entry), one per blockchain
 * test. Forks other than the supported ones, and entries of neither shape, become skipped cases
 * so nothing is dropped silently.
 */
export function loadCases(file: string, root: string): FixtureCase[] {
  const rel = relativeId(root, file);
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>;
  const cases: FixtureCase[] = [];
  for (const [name, test] of Object.entries(json)) {
    const base = `${rel}#${name}`;
    if (typeof test !== "object" || test === null) continue;
    if (isStateTest(test)) {
      const st = test as unknown as StateTestJson;
      for (const [fork, entries] of Object.entries(st.post)) {
        entries.forEach((post, i) => {
          const { data, gas, value } = post.indexes;
          // Two entries may share indexes: then the position keeps ids unique.
          const twins = entries.filter((e) => e.indexes.data === data && e.indexes.gas === gas && e.indexes.value === value).length;
          const id = `${base}/${fork}/d${data}g${gas}v${value}${twins > 1 ? `#${i}` : ""}`;
          if (isSupportedFork(fork)) cases.push({ kind: "state", id, fork, test: st, post });
          else cases.push({ kind: "skipped", id, fork, reason: `fork ${fork} not supported` });
        });
      }
    } else if (isBlockchainTest(test)) {
      const bt = test as unknown as BlockchainTestJson;
      if (isSupportedFork(bt.network)) cases.push({ kind: "blockchain", id: base, fork: bt.network, test: bt });
      else cases.push({ kind: "skipped", id: base, fork: bt.network, reason: `fork ${bt.network} not supported` });
    } else {
      cases.push({ kind: "skipped", id: base, fork: "unknown", reason: "neither a state test nor a blockchain test" });
    }
  }
  return cases;
}
