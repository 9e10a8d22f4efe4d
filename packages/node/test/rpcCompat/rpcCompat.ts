// The execution-apis conformance runner (hive's rpc-compat): import the suite's chain, serve it without producing, replay every .io file.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { importIntoDatadir } from "../../src/chain/chainImport.js";
import { openChain } from "../../src/chain/openChain.js";
import { createNoopLogger } from "../../src/logger.js";
import { DEFAULT_RPC_OPTS, EigenNode } from "../../src/node.js";

/** One exchange of a `.io` file: what is sent, what must come back, and whether only the shape counts. */
export interface RpcCompatCase {
  /** Path relative to the suite's folder, `method/name.io`. */
  file: string;
  method: string;
  specOnly: boolean;
  exchanges: { request: string; response: string }[];
}

export interface RpcCompatResult {
  file: string;
  method: string;
  passed: boolean;
  /** Why it failed: the first difference, or the transport error. */
  reason?: string;
}

export interface RpcCompatRun {
  results: RpcCompatResult[];
  importMs: number;
  replayMs: number;
}

/** Every `.io` file under `dir` (one folder per method), sorted. */
export function loadRpcCompatCases(dir: string): RpcCompatCase[] {
  const cases: RpcCompatCase[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".io")) cases.push(parseIoFile(relative(dir, path), readFileSync(path, "utf8")));
    }
  };
  walk(dir);
  return cases;
}

/** `// comment` lines (`// speconly:` marks a shape-only case), `>> request`, `<< response`. */
export function parseIoFile(file: string, text: string): RpcCompatCase {
  const exchanges: { request: string; response: string }[] = [];
  let specOnly = false;
  let pending: string | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("// speconly:")) specOnly = true;
    else if (line.startsWith(">> ")) pending = line.slice(3);
    else if (line.startsWith("<< ") && pending !== null) {
      exchanges.push({ request: pending, response: line.slice(3) });
      pending = null;
    }
  }
  return { file, method: file.split("/")[0] ?? file, specOnly, exchanges };
}

/**
 * The first difference between an expected and an actual JSON value under hive's rules (null when
 * equal): key order does not matter, numbers compare numerically, and where both sides hold an
 * `error` object its `message` is left out.
 */
export function findDifference(expected: unknown, actual: unknown, path = "$"): string | null {
  if (typeof expected === "number" && typeof actual === "number")
    return expected === actual ? null : `${path}: expected ${expected}, got ${actual}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${describe(actual)}`;
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const diff = findDifference(expected[i], actual[i], `${path}[${i}]`);
      if (diff !== null) return diff;
    }
    return null;
  }
  if (isObject(expected)) {
    if (!isObject(actual)) return `${path}: expected an object, got ${describe(actual)}`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      if (key === "error" && isObject(expected.error) && isObject(actual.error)) {
        const { message: _e, ...expectedError } = expected.error;
        const { message: _a, ...actualError } = actual.error;
        const diff = findDifference(expectedError, actualError, `${path}.error`);
        if (diff !== null) return diff;
        continue;
      }
      if (!(key in expected)) return `${path}.${key}: unexpected (${describe(actual[key])})`;
      if (!(key in actual)) return `${path}.${key}: missing (expected ${describe(expected[key])})`;
      const diff = findDifference(expected[key], actual[key], `${path}.${key}`);
      if (diff !== null) return diff;
    }
    return null;
  }
  return expected === actual ? null : `${path}: expected ${describe(expected)}, got ${describe(actual)}`;
}

/**
 * A `// speconly:` file checks the shape, not the values: the answer must be what the expected one is,
 * a result where a result is expected (most such files) and an error where an error is expected.
 */
export function checkSpecOnly(expected: unknown, actual: unknown): string | null {
  const kind = (value: unknown) =>
    isObject(value) && "error" in value ? "error" : isObject(value) && "result" in value ? "result" : "neither";
  const want = kind(expected);
  const got = kind(actual);
  return want === got ? null : `speconly: expected ${want === "error" ? "an error" : "a result"}, got ${describe(actual)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Sends one request over HTTP and checks the answer. */
async function replayCase(url: string, testCase: RpcCompatCase): Promise<RpcCompatResult> {
  const { file, method } = testCase;
  if (testCase.exchanges.length === 0) return { file, method, passed: false, reason: "no >> / << exchange in the file" };
  for (const { request, response } of testCase.exchanges) {
    let actual: unknown;
    try {
      const reply = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: request });
      actual = JSON.parse(await reply.text());
    } catch (err) {
      return { file, method, passed: false, reason: `request failed: ${(err as Error).message}` };
    }
    const expected = JSON.parse(response) as unknown;
    if (testCase.specOnly) {
      const diff = checkSpecOnly(expected, actual);
      if (diff !== null) return { file, method, passed: false, reason: diff };
      continue;
    }
    const diff = findDifference(expected, actual);
    if (diff !== null) return { file, method, passed: false, reason: diff };
  }
  return { file, method, passed: true };
}

/**
 * Runs the suite in `dir`: a node initialised from `genesis.json` in a temporary datadir, `chain.rlp`
 * imported (every block executed and checked), then started on a free loopback port without a
 * validator key or mining; every `.io` file is replayed against it. Everything is removed afterwards.
 */
export async function runRpcCompat(dir: string): Promise<RpcCompatRun> {
  const datadir = mkdtempSync(join(tmpdir(), "eigen-rpc-compat-"));
  const logger = createNoopLogger();
  try {
    const started = performance.now();
    const chain = await openChain({ datadir, genesisText: readFileSync(join(dir, "genesis.json"), "utf8") });
    await chain.stateStore.close();
    await chain.store.close();
    await importIntoDatadir(datadir, [join(dir, "chain.rlp")], { logger });
    const importMs = performance.now() - started;
    const node = new EigenNode(
      {
        datadir,
        rpc: { ...DEFAULT_RPC_OPTS, port: 0, callWorkers: 0 },
        blockTimeMs: 1000,
        allowEmptyBlocks: false,
        mining: false,
        txRecovery: "main",
        executor: { kind: "sequential" },
      },
      { logger },
    );
    const results: RpcCompatResult[] = [];
    const replayStarted = performance.now();
    try {
      await node.start();
      const url = `http://${node.address.host}:${node.address.port}/`;
      for (const testCase of loadRpcCompatCases(dir)) results.push(await replayCase(url, testCase));
    } finally {
      await node.stop();
    }
    return { results, importMs, replayMs: performance.now() - replayStarted };
  } finally {
    rmSync(datadir, { recursive: true, force: true });
  }
}

/** Methods the issue reports apart: eth_simulateV1 on its own line, testing_ left out of the rate. */
export function isReportedApart(method: string): boolean {
  return method === "eth_simulateV1" || method.startsWith("testing_");
}

/** Per-method counts, the rate outside eth_simulateV1 and testing_, eth_simulateV1 alone, and `N passed, M failed`. */
export function formatRpcCompatReport(results: readonly RpcCompatResult[]): string[] {
  const byMethod = new Map<string, { passed: number; total: number }>();
  for (const r of results) {
    const entry = byMethod.get(r.method) ?? { passed: 0, total: 0 };
    entry.total += 1;
    if (r.passed) entry.passed += 1;
    byMethod.set(r.method, entry);
  }
  const lines = [...byMethod].map(([method, { passed, total }]) => `${method.padEnd(44)} ${passed}/${total}`);
  const count = (filter: (r: RpcCompatResult) => boolean) => {
    const chosen = results.filter(filter);
    return { passed: chosen.filter((r) => r.passed).length, total: chosen.length };
  };
  const core = count((r) => !isReportedApart(r.method));
  const simulate = count((r) => r.method === "eth_simulateV1");
  const percent = (c: { passed: number; total: number }) => (c.total === 0 ? "n/a" : `${((100 * c.passed) / c.total).toFixed(1)}%`);
  const passed = results.filter((r) => r.passed).length;
  lines.push(
    "",
    `outside eth_simulateV1 and testing_: ${core.passed}/${core.total} passed (${percent(core)})`,
    `eth_simulateV1: ${simulate.passed}/${simulate.total} passed (${percent(simulate)})`,
    `${passed} passed, ${results.length - passed} failed`,
  );
  return lines;
}
