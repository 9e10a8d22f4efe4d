// The fixture runner on small synthetic fixtures (no ../shared/fixtures needed): case expansion,
// skipped forks, and that a wrong root, wrong logs or wrong validity is reported.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { BLOCKHASH_READER, fillBlockhashTest } from "./blockhashFixture.js";
import type { StateCase, StateTestJson } from "./fixtureTypes.js";
import { FixtureHarness } from "./harness.js";
import { loadCases } from "./loadFixtures.js";
import { runBlockchainCase } from "./runBlockchainTest.js";
import { runFilesInProcess } from "./runner.js";
import { runStateCase } from "./runStateTest.js";

const KEY = `0x${"45".repeat(32)}`;
const EMPTY_LOGS = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
const SENDER = "0xe0da1edcea030875cd0f199d96eb70f6ab78faf2"; // address of KEY

function transferTest(gasLimit: string, post: Record<string, StateTestJson["post"][string]>): StateTestJson {
  return {
    env: {
      currentCoinbase: "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
      currentGasLimit: "0x05f5e100",
      currentNumber: "0x01",
      currentTimestamp: "0x03e8",
      currentBaseFee: "0x07",
      currentRandom: `0x${"00".repeat(32)}`,
      currentExcessBlobGas: "0x00",
    },
    pre: { [SENDER]: { balance: "0x3635c9adc5dea00000", nonce: "0x00", code: "0x", storage: {} } },
    transaction: {
      nonce: "0x00",
      gasLimit: [gasLimit],
      value: ["0x01"],
      data: ["0x"],
      to: "0x1000000000000000000000000000000000000001",
      secretKey: KEY,
      gasPrice: "0x0a",
    },
    post,
  };
}

const harness = new FixtureHarness({ executor: "parallel", workers: 1 });
after(() => harness.close());

function stateCase(t: StateTestJson, fork: "Cancun" | "Prague"): StateCase {
  return { kind: "state", id: "synthetic", fork, test: t, post: t.post[fork]![0]! };
}

test("a transfer: wrong root fails with both roots, the right one passes, wrong logs hash fails", async () => {
  const entry = { hash: `0x${"00".repeat(32)}`, logs: EMPTY_LOGS, indexes: { data: 0, gas: 0, value: 0 } };
  const wrong = await runStateCase(stateCase(transferTest("0x5208", { Cancun: [entry] }), "Cancun"), harness);
  assert.equal(wrong.status, "failed");
  const match = /^state root (0x[0-9a-f]{64}) != expected 0x0{64}$/.exec(wrong.message ?? "");
  assert.ok(match, wrong.message);
  const right = await runStateCase(stateCase(transferTest("0x5208", { Cancun: [{ ...entry, hash: match[1]! }] }), "Cancun"), harness);
  assert.deepEqual(right, { id: "synthetic", fork: "Cancun", status: "passed" });
  const badLogs = await runStateCase(
    stateCase(transferTest("0x5208", { Cancun: [{ ...entry, hash: match[1]!, logs: `0x${"11".repeat(32)}` }] }), "Cancun"),
    harness,
  );
  assert.match(badLogs.message ?? "", /^logs hash 0x1dcc.* != expected 0x1111/);
});

test("an invalid transaction (intrinsic gas too low) passes only when the exception is expected", async () => {
  const entry = { hash: `0x${"00".repeat(32)}`, logs: EMPTY_LOGS, indexes: { data: 0, gas: 0, value: 0 } };
  const unexpected = await runStateCase(stateCase(transferTest("0x5207", { Prague: [entry] }), "Prague"), harness);
  assert.match(unexpected.message ?? "", /^unexpected exception: .*intrinsic gas too low/);
  // The post state of an invalid transaction is the pre state: its root is what the runner checks.
  const expected = await runStateCase(
    stateCase(transferTest("0x5207", { Prague: [{ ...entry, expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW" }] }), "Prague"),
    harness,
  );
  const preRoot = /pre-state root (0x[0-9a-f]{64})/.exec(expected.message ?? "")?.[1];
  assert.ok(preRoot, expected.message);
  const ok = await runStateCase(
    stateCase(
      transferTest("0x5207", { Prague: [{ ...entry, hash: preRoot, expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW" }] }),
      "Prague",
    ),
    harness,
  );
  assert.equal(ok.status, "passed", ok.message);
  const notRaised = await runStateCase(
    stateCase(transferTest("0x5208", { Prague: [{ ...entry, expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW" }] }), "Prague"),
    harness,
  );
  assert.match(notRaised.message ?? "", /^exception expected \(TransactionException.INTRINSIC_GAS_TOO_LOW\), but the transaction executed/);
});

test("files expand into one case per fork entry; unsupported forks and unknown shapes are skipped by name", async () => {
  const dir = mkdtempSync(join(tmpdir(), "eigen-fixtures-"));
  try {
    const entry = { hash: `0x${"00".repeat(32)}`, logs: EMPTY_LOGS, indexes: { data: 0, gas: 0, value: 0 } };
    const t = transferTest("0x5208", { Berlin: [entry], Cancun: [entry, { ...entry, indexes: { data: 0, gas: 0, value: 0 } }] });
    writeFileSync(join(dir, "a.json"), JSON.stringify({ transfer: t, other: { something: 1 } }));
    const cases = loadCases(join(dir, "a.json"), dir);
    assert.deepEqual(
      cases.map((c) => [c.kind, c.id, c.fork]),
      [
        ["skipped", "a.json#transfer/Berlin/d0g0v0", "Berlin"],
        ["state", "a.json#transfer/Cancun/d0g0v0#0", "Cancun"],
        ["state", "a.json#transfer/Cancun/d0g0v0#1", "Cancun"],
        ["skipped", "a.json#other", "unknown"],
      ],
    );
    const [file] = await runFilesInProcess([join(dir, "a.json")], dir, { executor: "parallel", workers: 1, filter: "transfer" });
    assert.deepEqual(
      file!.results.map((r) => r.status),
      ["skipped", "failed", "failed"],
    );
    assert.equal(file!.results[0]!.message, "fork Berlin not supported");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a blockchain test whose contract reads BLOCKHASH of an earlier block (two back) passes: the runner gives the executor the recent hashes", async () => {
  const ctx = await harness.forFork("Cancun");
  const { test: filled, genesisHash, postRoot } = await fillBlockhashTest(ctx.common, ctx.store, ctx.executor);
  // What the fixture claims: slot 0 of the reader holds the genesis block's hash, not zero.
  const reader = await ctx.store.getAccount(postRoot, Buffer.from(BLOCKHASH_READER.slice(2), "hex"));
  assert.ok(reader !== undefined);
  const slot0 = await ctx.store.getStorage(reader.storageRoot, new Uint8Array(32));
  assert.equal(Buffer.from(slot0).toString("hex").padStart(64, "0"), Buffer.from(genesisHash).toString("hex"));
  const result = await runBlockchainCase({ kind: "blockchain", id: "blockhash", fork: "Cancun", test: filled }, harness);
  assert.deepEqual(result, { id: "blockhash", fork: "Cancun", status: "passed" });
});
