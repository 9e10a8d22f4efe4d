// Conformance: the Ethereum execution fixtures in ../shared/fixtures (when present) through the
// parallel executor, against the pinned list of known failures. Any unlisted failure fails; so
// does a listed case that now passes or no longer exists (shrink the list). Files listed under
// `ciSkippedFiles` there are left out here for time (`pnpm fixtures` runs them).
// test-file-timeout: 900s (about 2 minutes on a quiet 2-core VM; over 5 beside other suites)
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CaseResult } from "./fixtureTypes.js";
import { findFixtureFiles, relativeId } from "./loadFixtures.js";
import { REPO_ROOT, runFilesInProcesses, summarize } from "./runner.js";

const FIXTURES = join(REPO_ROOT, "..", "shared", "fixtures");
const KNOWN_FAILURES = join(import.meta.dirname, "knownFailures.json");
/** CI has 2 cores: one runner process each (~100–135 s for the CI set on the shared 2-core VM). */
const JOBS = 2;

const present = existsSync(FIXTURES);

test("Ethereum execution fixtures through the parallel executor", {
  skip: present ? false : `no fixtures at ${FIXTURES} (../shared/fixtures is absent)`,
}, async (t) => {
  const pinned = JSON.parse(readFileSync(KNOWN_FAILURES, "utf8")) as {
    ciSkippedFiles: Record<string, string>;
    failures: Record<string, string>;
  };
  const ciSkipped = new Set(Object.keys(pinned.ciSkippedFiles));
  const isCiSkipped = (id: string): boolean => ciSkipped.has(id.split("#")[0]!);
  const known = Object.fromEntries(Object.entries(pinned.failures).filter(([id]) => !isCiSkipped(id)));
  const files = findFixtureFiles(FIXTURES).filter((f) => !ciSkipped.has(relativeId(FIXTURES, f)));
  for (const [file, reason] of Object.entries(pinned.ciSkippedFiles)) t.diagnostic(`not run in CI: ${file} (${reason})`);
  const started = performance.now();
  const results: CaseResult[] = (await runFilesInProcesses(files, FIXTURES, { executor: "parallel", workers: 1, jobs: JOBS })).flatMap(
    (f) => f.results,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(0);

  const s = summarize(results);
  t.diagnostic(
    `${files.length} files, ${results.length} cases in ${seconds} s: ${s.passed} passed, ${s.failed} failed (${Object.keys(known).length} known), ${s.skipped} skipped`,
  );
  for (const [fork, n] of Object.entries(s.skippedByFork)) t.diagnostic(`skipped for fork ${fork}: ${n}`);

  const byId = new Map(results.map((r) => [r.id, r]));
  const unexpected = results.filter((r) => r.status === "failed" && known[r.id] === undefined);
  const fixed = Object.keys(known).filter((id) => byId.get(id)?.status === "passed");
  const missing = Object.keys(known).filter((id) => !byId.has(id));
  const problems: string[] = [
    ...unexpected.slice(0, 50).map((r) => `new failure ${r.id}: ${r.message}`),
    ...(unexpected.length > 50 ? [`… and ${unexpected.length - 50} more new failures`] : []),
    ...fixed.map((id) => `now passes, remove it from knownFailures.json: ${id}`),
    ...missing.map((id) => `no such case any more, remove it from knownFailures.json: ${id}`),
  ];
  assert.ok(s.passed > 0, "no fixture case passed: is the fixtures folder empty?");
  assert.deepEqual(problems, [], `conformance changed against test/spec/knownFailures.json:\n${problems.join("\n")}`);
});
