// The two nodes `pnpm bench:node` measures: a fresh EIGENChain node (the built CLI) and anvil, the
// optional peer, found on PATH or installed from npm into .cache/anvil on first use.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Wallet } from "ethers";
import { getFreePort } from "../../../../p2p/test/helpers/ports.js";
import { createTempDir, DEVNET_GENESIS, REPO_ROOT } from "../../e2e/support/nodeDsl.js";
import { jsonRpc, sleep } from "./transferLoad.js";

export const ANVIL_VERSION = "1.7.1";
const ANVIL_CACHE = join(REPO_ROOT, ".cache", "anvil");

export interface BenchTarget {
  name: string;
  url: string;
  chainId: number;
  pid: number;
  /** SIGTERM and wait (a CPU profile, when asked for, is written on that exit). */
  stop(): Promise<void>;
}

async function waitForRpc(url: string, child: ChildProcess, what: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await jsonRpc(url, "eth_blockNumber")).result !== undefined) return;
    } catch {
      // not serving yet
    }
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${log().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${what} did not serve within 60 s:\n${log().slice(-3000)}`);
    await sleep(100);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function spawnLogged(command: string, args: string[], logFile?: string): { child: ChildProcess; log: () => string } {
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
    if (logFile !== undefined) appendFileSync(logFile, chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, log: () => log };
}

export interface EigenNodeOptions {
  senders: readonly Wallet[];
  blockTimeMs: number;
  /** Extra `eigenchain start` flags (e.g. `--executor.workers 2`). */
  extraArgs: string[];
  /** Folder for a V8 CPU profile of the node's main thread, written when it stops. */
  cpuProfileDir?: string | undefined;
  /** A file that receives the node's log. */
  logFile?: string | undefined;
  /** Flags for the node's Node.js runtime itself (e.g. V8's `--max-semi-space-size=16`). */
  runtimeFlags?: string[];
}

/** A fresh single node on the devnet genesis with the senders funded, started from the built CLI. */
export async function startEigenNode(opts: EigenNodeOptions): Promise<BenchTarget> {
  const dir = createTempDir("eigen-bench-node-");
  const genesis = JSON.parse(readFileSync(DEVNET_GENESIS, "utf8")) as { config: { chainId: number }; alloc: Record<string, unknown> };
  for (const wallet of opts.senders) genesis.alloc[wallet.address] = { balance: "0xd3c21bcecceda1000000" };
  const genesisPath = join(dir, "genesis.json");
  writeFileSync(genesisPath, JSON.stringify(genesis));
  const port = await getFreePort();
  const nodeFlags = opts.cpuProfileDir === undefined ? [] : ["--cpu-prof", "--cpu-prof-dir", opts.cpuProfileDir];
  nodeFlags.push(...(opts.runtimeFlags ?? []));
  const cli = join(REPO_ROOT, "packages/node/dist/cli/main.js");
  const args = ["start", "--datadir", join(dir, "data"), "--genesis", genesisPath, "--rpc.port", String(port)];
  args.push("--block-time", String(opts.blockTimeMs), "--log.format", "json", ...opts.extraArgs);
  const { child, log } = spawnLogged(process.execPath, [...nodeFlags, cli, ...args], opts.logFile);
  const url = `http://127.0.0.1:${port}`;
  await waitForRpc(url, child, "eigenchain", log);
  return { name: "eigenchain", url, chainId: genesis.config.chainId, pid: child.pid as number, stop: () => stopChild(child) };
}

/**
 * anvil's binary: in .cache/anvil (installed there from npm when `install` is set) or on PATH. The
 * platform package's binary itself, not npm's node wrapper, so that its memory is what is measured.
 */
export function findAnvil(install: boolean): string | undefined {
  const cached = join(
    ANVIL_CACHE,
    "node_modules",
    "@foundry-rs",
    `anvil-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`,
    "bin",
    "anvil",
  );
  if (existsSync(cached)) return cached;
  try {
    execFileSync("anvil", ["--version"], { stdio: "ignore" });
    return "anvil";
  } catch {
    // not on PATH
  }
  if (!install) return undefined;
  mkdirSync(ANVIL_CACHE, { recursive: true });
  process.stderr.write(`installing @foundry-rs/anvil@${ANVIL_VERSION} into .cache/anvil …\n`);
  try {
    execFileSync("npm", ["install", "--prefix", ANVIL_CACHE, "--no-audit", "--no-fund", `@foundry-rs/anvil@${ANVIL_VERSION}`], {
      stdio: "ignore",
    });
  } catch {
    return undefined;
  }
  return existsSync(cached) ? cached : undefined;
}

/** anvil with the same block time, the senders funded through `anvil_setBalance`. */
export async function startAnvil(binary: string, senders: readonly Wallet[], blockTimeMs: number): Promise<BenchTarget> {
  const port = await getFreePort();
  const blockTime = String(Math.max(1, Math.round(blockTimeMs / 1000)));
  const { child, log } = spawnLogged(binary, ["--port", String(port), "--block-time", blockTime, "--silent"]);
  const url = `http://127.0.0.1:${port}`;
  await waitForRpc(url, child, "anvil", log);
  for (const wallet of senders) await jsonRpc(url, "anvil_setBalance", [wallet.address, "0xd3c21bcecceda1000000"]);
  const chainId = Number((await jsonRpc(url, "eth_chainId")).result);
  return { name: "anvil", url, chainId, pid: child.pid as number, stop: () => stopChild(child) };
}
