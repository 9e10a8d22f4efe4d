/**
 * A small DSL for end-to-end tests: real `eigenchain` processes (run from source with tsx) on a
 * free loopback port and a temp datadir. `startNode` → `waitUntilHeight` → `stopNode` /
 * `restartNode`; `killAll` in `after` makes sure no child outlives the test file.
 */

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getFreePort } from "../../../../p2p/test/helpers/ports.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../..");
export const DEVNET_GENESIS = join(REPO_ROOT, "genesis/devnet.json");
const CLI_ARGS = ["--conditions=eigenchain-source", "--import", "tsx", "packages/node/src/cli/main.ts"];
/** Generous: a cold tsx start on a busy 2-core machine takes several seconds. */
const START_TIMEOUT_MS = 60_000;

export const DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
] as const;
export const DEV_ADDRESSES = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
] as const;
export const DEVNET_CHAIN_ID = 57710;

export interface TestNode {
  url: string;
  wsUrl: string;
  port: number;
  datadir: string;
  child: ChildProcess;
  /** stdout and stderr so far, for assertions and for failure messages. */
  output: () => string;
  startArgs: NodeStartOptions;
}

export interface NodeStartOptions {
  datadir?: string;
  port?: number;
  blockTimeMs?: number;
  extraArgs?: string[];
}

const children = new Set<ChildProcess>();
const tempDirs: string[] = [];

export function createTempDir(prefix = "eigen-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Whether a node's output says it lost the race for its port to another process. */
export function lostPortRace(output: string): boolean {
  return output.includes("EADDRINUSE");
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (init, --help, a start that must fail). */
export async function runCli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolveCode) => child.on("exit", (c) => resolveCode(c)));
  clearTimeout(timer);
  children.delete(child);
  return { code, stdout, stderr };
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `eigenchain start --genesis genesis/devnet.json` and waits until /health answers. A node on a
 * port we picked that loses it to another process in the meantime is started again on a fresh one.
 */
export async function startNode(opts: NodeStartOptions = {}): Promise<TestNode> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await getFreePort());
    try {
      return await spawnNode(opts, port);
    } catch (error) {
      if (opts.port !== undefined || attempt === 3 || !lostPortRace(String(error))) throw error;
    }
  }
}

async function spawnNode(opts: NodeStartOptions, port: number): Promise<TestNode> {
  const datadir = opts.datadir ?? createTempDir();
  const args = [
    "start",
    "--datadir",
    datadir,
    "--genesis",
    DEVNET_GENESIS,
    "--rpc.port",
    String(port),
    "--block-time",
    String(opts.blockTimeMs ?? 200),
    "--log.format",
    "json",
    // Tests start hundreds of nodes: without the seconds of JIT warm-up each (one test keeps it on).
    "--warmup.transfers",
    "0",
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.on("exit", () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await isHealthy(url))) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode} before serving:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`node did not serve within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    datadir,
    child,
    output: () => output,
    startArgs: { ...opts, datadir, port },
  };
}

/** SIGTERM and wait for a clean exit; returns the exit code. */
export async function stopNode(node: TestNode, timeoutMs = 30_000): Promise<number | null> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return node.child.exitCode;
  const exited = new Promise<number | null>((r) => node.child.once("exit", (code) => r(code)));
  node.child.kill("SIGTERM");
  const timer = setTimeout(() => node.child.kill("SIGKILL"), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** Stops the node and starts it again on the same datadir and port. */
export async function restartNode(node: TestNode): Promise<TestNode> {
  await stopNode(node);
  return startNode(node.startArgs);
}

/** Raw JSON-RPC over HTTP; returns the whole response object. */
export async function rpcCall(
  node: TestNode,
  method: string,
  params: unknown[] = [],
): Promise<{ result?: unknown; error?: { code: number; message: string; data?: unknown } }> {
  const response = await fetch(node.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
}

export async function getHeight(node: TestNode): Promise<number> {
  const { result } = await rpcCall(node, "eth_blockNumber");
  return Number(result);
}

export async function waitUntilHeight(node: TestNode, height: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await getHeight(node)) < height) {
    if (Date.now() > deadline) throw new Error(`node did not reach height ${height} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills every child still running and removes temp dirs: call from `after`. */
export async function killAll(): Promise<void> {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
