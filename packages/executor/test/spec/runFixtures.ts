// `pnpm fixtures DIR [--jobs N] [--workers N] [--filter S] [--json] [--sequential]`: runs every
// Ethereum execution fixture file (state tests, blockchain tests) under DIR through the parallel
// executor and ends with the line `N passed, M failed`.
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { CaseResult } from "./fixtureTypes.js";
import { FixtureHarness, hasParallelExecutor } from "./harness.js";
import { createLazyKzg } from "./kzg.js";
import { findFixtureFiles } from "./loadFixtures.js";
import type { RunOpts } from "./runner.js";
import { runFilesInProcesses, summarize } from "./runner.js";

const USAGE = `usage: pnpm fixtures DIR [options]

Runs every .json fixture file under DIR (state tests and blockchain tests, recognised by shape)
through EIGENChain's parallel executor. Forks other than Shanghai, Cancun and Prague are skipped
and counted by fork name. The last line is "N passed, M failed"; the exit code is 1 on a failure.

options:
  --jobs N        split the files over N processes (default: the number of cores)
  --workers N     parallel executor threads; 1 (default) runs its kernel on the main thread,
                  2+ uses worker threads for every block
  --filter S      only cases whose id contains S
  --json          one JSON line per case result instead of failure lines
  --sequential    use the sequential reference executor instead (for comparison)
  -h, --help      this text`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive integer, got ${JSON.stringify(value)}\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
}

function parseCommandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        jobs: { type: "string" },
        workers: { type: "string" },
        filter: { type: "string" },
        json: { type: "boolean", default: false },
        sequential: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const parsed = parseCommandLine();
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`expected one folder, got ${positionals.length}\n${USAGE}\n`);
    process.exit(2);
  }
  const root = resolve(positionals[0]!);
  let files: string[];
  try {
    files = findFixtureFiles(root);
  } catch (err) {
    process.stderr.write(`cannot read ${root}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const jobs = positiveInt(values.jobs, "jobs", availableParallelism());
  const opts: RunOpts = {
    executor: values.sequential ? "sequential" : "parallel",
    workers: positiveInt(values.workers, "workers", 1),
  };
  if (values.filter !== undefined) opts.filter = values.filter;
  opts.kzg = createLazyKzg();

  const described = new FixtureHarness(opts).describe();
  if (opts.executor === "parallel" && !hasParallelExecutor()) {
    process.stdout.write("note: createParallelExecutor is not exported yet; running the sequential executor instead\n");
  }
  process.stdout.write(`${files.length} fixture files under ${root}; ${described}; ${Math.min(jobs, files.length)} process(es)\n`);

  const started = performance.now();
  const all: CaseResult[] = [];
  await runFilesInProcesses(files, root, { ...opts, jobs }, ({ results }) => {
    for (const r of results) {
      all.push(r);
      if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else if (r.status === "failed") process.stdout.write(`FAIL ${r.id}\n     ${r.message}\n`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const s = summarize(all);
  if (!values.json) {
    process.stdout.write("\nby folder and fork:\n");
    for (const [group, g] of Object.entries(s.byGroup).sort(([a], [b]) => a.localeCompare(b))) {
      process.stdout.write(`  ${group}: ${g.passed} passed, ${g.failed} failed, ${g.skipped} skipped\n`);
    }
  }
  const skipped = Object.entries(s.skippedByFork)
    .map(([fork, n]) => `${fork}: ${n}`)
    .join(", ");
  process.stdout.write(`${s.skipped} skipped${skipped === "" ? "" : ` (${skipped})`}; ${seconds.toFixed(1)} s\n`);
  process.stdout.write(`${s.passed} passed, ${s.failed} failed\n`);
  process.exitCode = s.failed > 0 ? 1 : 0;
}

await main();
