#!/usr/bin/env node
// Runs every test file (packages/*/test/**/*.test.ts, or under the folders/files given) with Node's
// own test runner, TypeScript loaded by tsx and workspace packages resolved to their sources.
//
// Each file runs in its own child process (its own process group) with a watchdog: a file that has
// not exited after EIGEN_TEST_FILE_TIMEOUT_MS (default 5 minutes) is killed with everything it
// started, and counts as failed. A file whose tests all pass but whose process never exits (an
// open socket, a timer) is therefore a failure, not an hour-long hang. A file that is long by
// design says so in its first lines ("// test-file-timeout: 900s"). Files run 2–4 at a time;
// each file's output is printed whole when it ends, and the closing lines total them all in the
// spec reporter's words ("ℹ pass N", "ℹ fail N").
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folders = process.argv.slice(2);
const searchRoots =
  folders.length > 0
    ? folders.map((f) => join(root, f))
    : readdirSync(join(root, "packages")).map((p) => join(root, "packages", p, "test"));
// A few minutes: the slowest e2e file takes about one on a busy 2-core machine.
const fileTimeoutMs = Number(process.env.EIGEN_TEST_FILE_TIMEOUT_MS ?? 5 * 60_000);
// One test file per core (at least 2, at most 4): e2e files start node processes that need a core.
const concurrency = Number(process.env.EIGEN_TEST_CONCURRENCY ?? Math.max(2, Math.min(availableParallelism(), 4)));

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

const files = searchRoots
  .flatMap(findTests)
  .sort()
  .map((f) => relative(root, f));
if (files.length === 0) {
  process.stderr.write(`no test files under ${searchRoots.map((r) => relative(root, r)).join(", ")}\n`);
  process.exit(1);
}

const COUNTERS = ["tests", "suites", "pass", "fail", "cancelled", "skipped", "todo"];
const totals = Object.fromEntries(COUNTERS.map((c) => [c, 0]));
const tapDir = mkdtempSync(join(tmpdir(), "eigen-tests-"));
const failedFiles = [];
const running = new Set();

/** The TAP reporter's closing counters ("# pass 9"), summed into the totals. */
function addCounts(tapFile) {
  let text = "";
  try {
    text = readFileSync(tapFile, "utf8");
  } catch {
    return false;
  }
  let found = false;
  for (const line of text.split("\n")) {
    const match = /^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line);
    if (match === null) continue;
    totals[match[1]] += Number(match[2]);
    found = true;
  }
  return found;
}

/** The file's own limit ("// test-file-timeout: 900s" near its top), else the default. */
function getFileTimeoutMs(file) {
  const head = readFileSync(join(root, file), "utf8").slice(0, 4096);
  const match = /test-file-timeout:\s*(\d+)\s*s\b/.exec(head);
  return match === null ? fileTimeoutMs : Number(match[1]) * 1000;
}

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

function runFile(file, index) {
  return new Promise((resolve) => {
    const tapFile = join(tapDir, `${index}.tap`);
    const child = spawn(
      process.execPath,
      [
        "--conditions=eigenchain-source",
        "--import",
        "tsx",
        "--test",
        "--test-reporter=spec",
        "--test-reporter-destination=stdout",
        "--test-reporter=tap",
        `--test-reporter-destination=${tapFile}`,
        file,
      ],
      { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    running.add(child);
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    const started = Date.now();
    const timeoutMs = getFileTimeoutMs(file);
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(watchdog);
      running.delete(child);
      // Anything the file started and left behind (node processes of e2e tests) goes with it.
      killGroup(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n▶ ${file} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      const counted = addCounts(tapFile);
      if (timedOut) {
        process.stdout.write(`✖ ${file}: did not exit within ${timeoutMs / 1000} s; killed\n`);
      } else if (code !== 0) {
        process.stdout.write(`✖ ${file}: exited with ${code ?? signal}\n`);
      }
      if (timedOut || code !== 0) {
        failedFiles.push(file);
        // A file killed before its reporter finished still counts as one failure.
        if (!counted || timedOut) totals.fail += 1;
      }
      resolve();
    });
  });
}

function onSignal(signal) {
  for (const child of running) killGroup(child);
  process.exit(signal === "SIGINT" ? 130 : 143);
}
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const started = Date.now();
let next = 0;
async function worker() {
  while (next < files.length) {
    const index = next++;
    await runFile(files[index], index);
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
rmSync(tapDir, { recursive: true, force: true });

process.stdout.write("\n");
if (failedFiles.length > 0) {
  process.stdout.write(`✖ failing files (${failedFiles.length}):\n`);
  for (const file of failedFiles) process.stdout.write(`  ${file}\n`);
}
process.stdout.write(`ℹ files ${files.length}\n`);
for (const counter of COUNTERS) process.stdout.write(`ℹ ${counter} ${totals[counter]}\n`);
process.stdout.write(`ℹ duration_ms ${Date.now() - started}\n`);
process.exit(failedFiles.length > 0 || totals.fail > 0 ? 1 : 0);
