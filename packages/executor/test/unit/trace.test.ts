import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bytesToHex } from "@ethereumjs/util";
import type { TraceConfig } from "../../src/index.js";
import { createStateStore, TraceLimitError, traceBlock } from "../../src/index.js";
import { common, createAccount, createEnv, createGenesis, createMemoryDb, hex, LOOP, signTx } from "../utils/fixtures.js";

const alice = createAccount(0);
const CALLER = hex("00000000000000000000000000000000000000a1");
const REVERTS = hex("00000000000000000000000000000000000000b2");
const LOOPER = hex("00000000000000000000000000000000000000c3");
/** SSTORE(0, 1), then CALL the reverting contract with no value and no data, POP, STOP. */
const CALLER_CODE = hex(`600160005560006000600060006000 73${bytesToHex(REVERTS).slice(2)} 5af15000`);
/** REVERT with no data. */
const REVERTS_CODE = hex("60006000fd");

async function setup() {
  const store = await createStateStore({ db: createMemoryDb() }, { common });
  const root = await store.buildGenesis(
    createGenesis({
      [alice.hex]: { balance: 10n ** 18n },
      [bytesToHex(CALLER)]: { code: CALLER_CODE },
      [bytesToHex(REVERTS)]: { code: REVERTS_CODE },
      [bytesToHex(LOOPER)]: { code: LOOP },
    }),
  );
  const txs = [signTx(alice, { nonce: 0n, to: REVERTS, gasLimit: 50_000n }), signTx(alice, { nonce: 1n, to: CALLER, gasLimit: 200_000n })];
  return { store, root, txs };
}

const run = async (config: Partial<TraceConfig> & { tracer: TraceConfig["tracer"] }, index?: number) => {
  const { store, root, txs } = await setup();
  try {
    return await traceBlock(
      { stateStore: store, common },
      {
        parentStateRoot: root,
        env: createEnv(),
        transactions: txs,
        senders: [alice.address, alice.address],
        config: { timeoutMs: 10_000, ...config },
        ...(index !== undefined ? { index } : {}),
      },
    );
  } finally {
    await store.close();
  }
};

describe("traceBlock (debug_trace*)", () => {
  it("callTracer: the nested call that reverted, under the top call", async () => {
    const [trace] = await run({ tracer: "callTracer" }, 1);
    const top = trace!.result as {
      type: string;
      to: string;
      gasUsed: string;
      calls: { type: string; from: string; to: string; error?: string }[];
    };
    assert.equal(top.type, "CALL");
    assert.equal(top.to, bytesToHex(CALLER));
    assert.equal(top.calls.length, 1);
    assert.deepEqual(
      { type: top.calls[0]!.type, from: top.calls[0]!.from, to: top.calls[0]!.to, error: top.calls[0]!.error },
      { type: "CALL", from: bytesToHex(CALLER), to: bytesToHex(REVERTS), error: "execution reverted" },
    );
  });

  it("struct logger over a whole block: one trace per transaction, SSTORE shows the slot written, the callee at depth 2", async () => {
    const traces = await run({ tracer: "structLogger" });
    assert.equal(traces.length, 2, "a block trace has one entry per transaction");
    const second = traces[1]!.result as { failed: boolean; structLogs: { op: string; depth: number; storage?: Record<string, string> }[] };
    assert.equal(second.failed, false, "the inner revert does not fail the transaction");
    const sstore = second.structLogs.find((l) => l.op === "SSTORE");
    assert.deepEqual(sstore?.storage, { [`0x${"0".repeat(64)}`]: `0x${"0".repeat(63)}1` });
    assert.ok(
      second.structLogs.some((l) => l.depth === 2),
      "the callee's steps are at depth 2",
    );
  });

  it("prestateTracer: what the transaction touched, as it was before (the sender after its first transaction)", async () => {
    const [trace] = await run({ tracer: "prestateTracer" }, 1);
    const pre = trace!.result as Record<string, { balance: string; nonce?: number; code?: string; storage?: Record<string, string> }>;
    assert.equal(pre[alice.hex]?.nonce, 1);
    assert.deepEqual(pre[bytesToHex(CALLER)]?.storage, { [`0x${"0".repeat(64)}`]: `0x${"0".repeat(64)}` });
    assert.equal(pre[bytesToHex(CALLER)]?.code, bytesToHex(CALLER_CODE));
    assert.ok(pre[bytesToHex(REVERTS)] !== undefined, "the callee is in the prestate");
  });

  it("a trace past its time limit throws TraceLimitError", async () => {
    const store = await createStateStore({ db: createMemoryDb() }, { common });
    const root = await store.buildGenesis(createGenesis({ [alice.hex]: { balance: 10n ** 18n }, [bytesToHex(LOOPER)]: { code: LOOP } }));
    await assert.rejects(
      traceBlock(
        { stateStore: store, common },
        {
          parentStateRoot: root,
          env: createEnv(),
          transactions: [signTx(alice, { nonce: 0n, to: LOOPER, gasLimit: 5_000_000n })],
          senders: [alice.address],
          config: { tracer: "structLogger", timeoutMs: 50 },
        },
      ),
      (err: unknown) => err instanceof TraceLimitError && err.message === "execution timeout",
    );
    await store.close();
  });
});
