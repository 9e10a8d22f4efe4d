// The execution-apis conformance suite (../shared/rpc-compat beside the repo, when present) against the pinned known failures; the comparison rules and the pinned list's shape.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { compareWithKnownFailures, loadKnownFailures } from "./knownFailures.js";
import { checkSpecOnly, findDifference, formatRpcCompatReport, parseIoFile, runRpcCompat } from "./rpcCompat.js";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const suiteDir = join(repoRoot, "../shared/rpc-compat");

describe("rpc-compat comparison rules (hive's)", () => {
  const cases: { desc: string; expected: unknown; actual: unknown; equal: boolean }[] = [
    { desc: "key order does not matter", expected: { a: 1, b: "x" }, actual: { b: "x", a: 1 }, equal: true },
    { desc: "numbers compare numerically", expected: { id: 1.0 }, actual: { id: 1 }, equal: true },
    {
      desc: "an error's message is not compared",
      expected: { error: { code: -32000, message: "a" } },
      actual: { error: { code: -32000, message: "b" } },
      equal: true,
    },
    {
      desc: "an error's code is compared",
      expected: { error: { code: -32000, message: "a" } },
      actual: { error: { code: -32602, message: "a" } },
      equal: false,
    },
    {
      desc: "an error's data is compared",
      expected: { error: { code: 3, data: "0x01" } },
      actual: { error: { code: 3, data: "0x02" } },
      equal: false,
    },
    { desc: "an extra field is a difference", expected: { result: {} }, actual: { result: { totalDifficulty: "0x0" } }, equal: false },
    { desc: "a missing field is a difference", expected: { result: { root: "0x1" } }, actual: { result: {} }, equal: false },
    { desc: "hex strings compare as strings", expected: { result: "0x01" }, actual: { result: "0x1" }, equal: false },
    { desc: "arrays compare item by item", expected: [1, [2, 3]], actual: [1, [2, 3]], equal: true },
    { desc: "an error where a result was expected differs", expected: { result: "0x1" }, actual: { error: { code: 1 } }, equal: false },
  ];
  for (const c of cases) {
    it(c.desc, () => assert.equal(findDifference(c.expected, c.actual) === null, c.equal, String(findDifference(c.expected, c.actual))));
  }

  it("checks only the kind of answer in a speconly file", () => {
    assert.equal(checkSpecOnly({ result: "0x1" }, { result: "0x2" }), null);
    assert.equal(checkSpecOnly({ error: { code: 3 } }, { error: { code: 3, data: "0x" } }), null);
    assert.match(String(checkSpecOnly({ result: "0x1" }, { error: { code: -32000 } })), /^speconly: expected a result/);
    assert.match(String(checkSpecOnly({ error: { code: 3 } }, { result: "0x1" })), /^speconly: expected an error/);
  });

  it("parses a .io file: comments, speconly, request and response", () => {
    const parsed = parseIoFile("eth_x/a.io", '// what it does\n// speconly: shape only\n>> {"id":1}\n<< {"id":1,"result":"0x1"}\n');
    assert.deepEqual(parsed, {
      file: "eth_x/a.io",
      method: "eth_x",
      specOnly: true,
      exchanges: [{ request: '{"id":1}', response: '{"id":1,"result":"0x1"}' }],
    });
  });

  it("reports per method, eth_simulateV1 apart, and ends with N passed, M failed", () => {
    const lines = formatRpcCompatReport([
      { file: "eth_a/1.io", method: "eth_a", passed: true },
      { file: "eth_a/2.io", method: "eth_a", passed: false, reason: "x" },
      { file: "eth_simulateV1/1.io", method: "eth_simulateV1", passed: false, reason: "x" },
      { file: "testing_b/1.io", method: "testing_b", passed: true },
    ]);
    assert.ok(lines.some((l) => /^eth_a\s+1\/2$/.test(l)));
    assert.ok(lines.includes("outside eth_simulateV1 and testing_: 1/2 passed (50.0%)"));
    assert.ok(lines.includes("eth_simulateV1: 0/1 passed (0.0%)"));
    assert.equal(lines.at(-1), "2 passed, 2 failed");
  });

  it("pins each known failure with one short reason", () => {
    for (const [file, reason] of Object.entries(loadKnownFailures())) {
      assert.match(file, /^[A-Za-z0-9_]+\/[^/]+\.io$/, file);
      assert.ok(reason.length > 0 && reason.length <= 200, `${file}: reason must be one short line`);
    }
  });
});

// The suite is data beside the repository; without it there is nothing to replay.
if (existsSync(join(suiteDir, "chain.rlp"))) {
  describe("rpc-compat suite", () => {
    it("fails exactly the pinned files (no regression, no stale pin)", async () => {
      const run = await runRpcCompat(suiteDir);
      assert.ok(run.results.length > 0, "no .io files found");
      const check = compareWithKnownFailures(run.results, loadKnownFailures());
      const reasons = new Map(run.results.map((r) => [r.file, r.reason]));
      assert.deepEqual(
        check.unexpectedFailures.map((f) => `${f}: ${reasons.get(f)}`),
        [],
        "files that fail and are not in knownFailures.json",
      );
      assert.deepEqual(check.unexpectedPasses, [], "files in knownFailures.json that pass now: remove them");
      const pinnedButAbsent = Object.keys(loadKnownFailures()).filter((f) => !reasons.has(f));
      assert.deepEqual(pinnedButAbsent, [], "pinned files that are not in the suite");
    });
  });
}
