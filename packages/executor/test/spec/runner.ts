import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CaseResult } from "./fixtureTypes.js";
import type { HarnessOpts } from "./harness.js";
import { FixtureHarness } from "./harness.js";
import { loadCases, relativeId } from "./loadFixtures.js";
import { runBlockchainCase } from "./runBlockchainTest.js";
import { runStateCase } from "./runStateTest.js";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

export interface RunOpts extends HarnessOpts {
  /** Only cases whose id contains this. */
  filter?: string;
}

export interface FileResult {
  file: string;
  results: CaseResult[];
  /** Wall time of the file's cases, in its process. */
  ms: number;
}

/** Runs every case of one file; the harness's states are dropped afterwards. */
export async function runFile(file: string, root: string, harness: FixtureHarness, filter?: string): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let cases: ReturnType<typeof loadCases>;
  try {
    cases = loadCases(file, root);
  } catch (err) {
    return [{ id: relativeId(root, file), fork: "unknown", status: "failed", message: `cannot read fixture: ${(err as Error).message}` }];
  }
  try {
    for (const c of cases) {
      if (filter !== undefined && !c.id.includes(filter)) continue;
      if (c.kind === "skipped") {
        results.push({ id: c.id, fork: c.fork, status: "skipped", message: c.reason });
        continue;
      }
      try {
        const run = () => (c.kind === "state" ? runStateCase(c, harness) : runBlockchainCase(c, harness));
        let result = await run();
        if (harness.opts.kzg?.takeMissed() === true) {
          await harness.opts.kzg.load();
          result = await run();
        }
        results.push(result);
      } catch (err) {
        results.push({ id: c.id, fork: c.fork, status: "failed", message: `runner error: ${(err as Error).message.split("\n")[0]}` });
      }
    }
  } finally {
    await harness.reset();
  }
  return results;
}

/** Runs files one after another in this process. */
export async function runFilesInProcess(
  files: readonly string[],
  root: string,
  opts: RunOpts,
  onFile?: (r: FileResult) => void,
): Promise<FileResult[]> {
  const harness = new FixtureHarness(opts);
  const out: FileResult[] = [];
  try {
    for (const file of files) {
      const started = performance.now();
      const results = await runFile(file, root, harness, opts.filter);
      const r = { file, results, ms: performance.now() - started };
      out.push(r);
      onFile?.(r);
    }
  } finally {
    await harness.close();
  }
  return out;
}

/** Parent → child and child → parent messages of the multi-process runner. */
export type ToChild = { t: "init"; root: string; opts: RunOpts } | { t: "run"; file: string } | { t: "exit" };
export type FromChild = { t: "ready" } | { t: "done"; file: string; results: CaseResult[]; ms: number };

const CHILD_ENTRY = fileURLToPath(new URL("./runnerChild.ts", import.meta.url));

/**
 * Runs files over `jobs` child processes (each a single-threaded runner), handing out one file at
 * a time, largest first, so the slowest files start early and the processes finish together.
 * A child that dies fails the file it was running and is replaced. Results come back in file order.
 */
export async function runFilesInProcesses(
  files: readonly string[],
  root: string,
  opts: RunOpts & { jobs: number },
  onFile?: (r: FileResult) => void,
): Promise<FileResult[]> {
  if (opts.jobs <= 1 || files.length <= 1) return runFilesInProcess(files, root, opts, onFile);
  // The KZG object holds functions: each child loads its own.
  const { jobs, kzg: _kzg, ...runOpts } = opts;
  const queue = [...files].sort((a, b) => statSync(b).size - statSync(a).size);
  const byFile = new Map<string, FileResult>();
  const children = new Set<ChildProcess>();

  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const finishIfDone = (): void => {
      if (queue.length === 0 && active === 0) resolve();
    };
    const start = (): void => {
      const child = fork(CHILD_ENTRY, [], {
        cwd: REPO_ROOT,
        execArgv: ["--conditions=eigenchain-source", "--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "advanced",
      });
      children.add(child);
      active++;
      let current: string | null = null;
      const next = (): void => {
        const file = queue.shift();
        if (file === undefined) {
          current = null;
          child.send({ t: "exit" } satisfies ToChild);
          return;
        }
        current = file;
        child.send({ t: "run", file } satisfies ToChild);
      };
      child.on("message", (msg: FromChild) => {
        if (msg.t === "ready") return next();
        const r = { file: msg.file, results: msg.results, ms: msg.ms };
        byFile.set(msg.file, r);
        onFile?.(r);
        next();
      });
      child.on("error", reject);
      child.on("exit", (code, signal) => {
        children.delete(child);
        active--;
        if (current !== null) {
          const results: CaseResult[] = [
            {
              id: relativeId(root, current),
              fork: "unknown",
              status: "failed",
              message: `runner process died (${signal ?? `exit code ${code}`}) on this file`,
            },
          ];
          const r = { file: current, results, ms: 0 };
          byFile.set(current, r);
          onFile?.(r);
          if (queue.length > 0) start();
        }
        finishIfDone();
      });
      child.send({ t: "init", root, opts: runOpts } satisfies ToChild);
    };
    for (let i = 0; i < Math.min(jobs, queue.length); i++) start();
  }).finally(() => {
    for (const child of children) child.kill();
  });
  return files.map((file) => byFile.get(file) ?? { file, results: [], ms: 0 });
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  /** Skipped cases per fork name. */
  skippedByFork: Record<string, number>;
  /** Per fixture folder (first path segments of the ids) and fork. */
  byGroup: Record<string, { passed: number; failed: number; skipped: number }>;
}

/** The folder a case id is reported under: its first `depth` path segments (the file excluded). */
export function groupOf(id: string, depth: number): string {
  const path = id.split("#")[0]!.split("/");
  return path.slice(0, Math.min(depth, path.length - 1)).join("/") || ".";
}

export function summarize(results: readonly CaseResult[], depth = 2): Summary {
  const s: Summary = { passed: 0, failed: 0, skipped: 0, skippedByFork: {}, byGroup: {} };
  for (const r of results) {
    s[r.status]++;
    if (r.status === "skipped") s.skippedByFork[r.fork] = (s.skippedByFork[r.fork] ?? 0) + 1;
    const key = `${groupOf(r.id, depth)} [${r.fork}]`;
    s.byGroup[key] ??= { passed: 0, failed: 0, skipped: 0 };
    const g = s.byGroup[key];
    g[r.status]++;
  }
  return s;
}
