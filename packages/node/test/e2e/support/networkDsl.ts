/**
 * A DSL for multi-node end-to-end tests (in the spirit of Malachite's TestBuilder): a network of real
 * `eigenchain start` processes on 127.0.0.1 written by the testnet writer, with free ports. `startNetwork`
 * → `waitForHeight` → `stop` / `restart` / `wipe` / `addFullNode`; `close` in `after` kills every child.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getFreePortRange } from "../../../../p2p/test/helpers/ports.js";
import type { TestnetNode } from "../../../src/cli/testnetWriter.js";
import { writeTestnet } from "../../../src/cli/testnetWriter.js";
import { createTempDir, DEVNET_GENESIS, lostPortRace, REPO_ROOT } from "./nodeDsl.js";

/** The CLI from source through tsx (tests: no build step between an edit and a run). */
const SOURCE_CLI_ARGS = ["--conditions=eigenchain-source", "--import", "tsx", "packages/node/src/cli/main.ts"];
/** The built CLI, as `pnpm devnet` runs it (benches: tsx's loader thread cost each node ~60 MB). */
const BUILT_CLI_ARGS = ["packages/node/dist/cli/main.js"];
/** A cold tsx start on a busy 2-core machine beside other node processes takes a while. */
const START_TIMEOUT_MS = 90_000;

export interface RpcResponse {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export class NetworkNode {
  child: ChildProcess | undefined;
  private log = "";

  constructor(
    readonly info: TestnetNode,
    private readonly extraArgs: string[],
    private readonly cliArgs: string[] = SOURCE_CLI_ARGS,
  ) {}

  get name(): string {
    return this.info.name;
  }

  get url(): string {
    return `http://127.0.0.1:${this.info.rpcPort}`;
  }

  output(): string {
    return this.log;
  }

  start(): void {
    const args = [...this.cliArgs, "start", "--datadir", this.info.dir, "--log.format", "json", ...this.extraArgs];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.log += chunk.toString()));
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) })).ok) return;
      } catch {
        // not up yet
      }
      if (!this.running) throw new Error(`${this.name} exited before serving:\n${this.log.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not serve within ${START_TIMEOUT_MS} ms:\n${this.log.slice(-4000)}`);
      await sleep(200);
    }
  }

  /** SIGSTOP: the process freezes with its sockets open (a hung machine); `resume` undoes it. */
  pause(): void {
    this.child?.kill("SIGSTOP");
  }

  resume(): void {
    this.child?.kill("SIGCONT");
  }

  /** SIGTERM (or `signal`) and wait for the exit. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGCONT"); // a paused process would never handle SIGTERM
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }

  async rpc(method: string, params: unknown[] = []): Promise<RpcResponse> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(20_000),
    });
    return (await response.json()) as RpcResponse;
  }

  /** The result, or a thrown error with the RPC error's message. */
  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const { result, error } = await this.rpc(method, params);
    if (error !== undefined) throw new Error(`${this.name} ${method}: ${error.message}`);
    return result as T;
  }

  async height(): Promise<number> {
    return Number(await this.call<string>("eth_blockNumber"));
  }

  async waitForHeight(height: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.height()) < height) {
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} did not reach height ${height} within ${timeoutMs} ms (at ${await this.height()}):\n${this.log.slice(-3000)}`,
        );
      await sleep(100);
    }
  }

  async blockHash(number: number): Promise<string> {
    const block = await this.call<{ hash: string } | null>("eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
    if (block === null) throw new Error(`${this.name} has no block ${number}`);
    return block.hash;
  }
}

export interface NetworkOpts {
  validators: number;
  fullNodes?: number;
  blockTimeMs?: number;
  /** Extra flags per node index. */
  nodeArgs?: Record<number, string[]>;
  /** Accounts funded in genesis besides the devnet's ten (address → wei). */
  extraAlloc?: Record<string, bigint>;
  /** Replaces the lean defaults (one executor worker, recovery on the main thread). */
  baseNodeArgs?: string[];
  /** Nodes written but not started (a validator that joins late: `node(i).start()`). */
  holdBack?: number[];
  /** Run the built CLI (packages/node/dist, as `pnpm devnet` does) instead of the sources through tsx. */
  builtCli?: boolean;
  /** Flags for Node.js itself in every node process (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function withExtraAlloc(genesis: Record<string, unknown>, extra: Record<string, bigint> | undefined): Record<string, unknown> {
  if (extra === undefined) return genesis;
  const alloc = { ...(genesis.alloc as Record<string, unknown>) };
  for (const [address, balance] of Object.entries(extra)) alloc[address] = { balance: `0x${balance.toString(16)}` };
  return { ...genesis, alloc };
}

/**
 * Flags that keep several nodes on a 2-core machine from oversubscribing it, and start them without
 * the JIT warm-up (seconds of CPU per start: the suites start hundreds of nodes).
 */
const LEAN_NODE_ARGS = ["--executor.workers", "1", "--tx.recovery", "main", "--warmup.transfers", "0"];

export class TestNetwork {
  readonly nodes: NetworkNode[] = [];
  private constructor(readonly dir: string) {}

  /**
   * Writes the node folders (validators first, then full nodes) and starts the validators. If one fails
   * to start, every node started is killed; a node that lost its port to another process makes the whole
   * network start again on fresh ports (each node's peers know its port from the files written).
   */
  static async start(opts: NetworkOpts, startFullNodes = true): Promise<TestNetwork> {
    for (let attempt = 1; ; attempt++) {
      const network = await TestNetwork.write(opts);
      const toStart = network.nodes.filter((n, i) => (startFullNodes || n.info.validator) && !(opts.holdBack ?? []).includes(i));
      for (const node of toStart) node.start();
      try {
        await Promise.all(toStart.map((n) => n.waitUntilServing()));
        return network;
      } catch (error) {
        await network.close();
        if (attempt === 3 || !lostPortRace(String(error))) throw error;
      }
    }
  }

  private static async write(opts: NetworkOpts): Promise<TestNetwork> {
    const dir = createTempDir("eigen-net-");
    const total = opts.validators + (opts.fullNodes ?? 0);
    const base = await getFreePortRange(total * 2);
    const infos = await writeTestnet({
      validators: opts.validators,
      fullNodes: opts.fullNodes ?? 0,
      out: dir,
      baseGenesis: withExtraAlloc(JSON.parse(readFileSync(DEVNET_GENESIS, "utf8")) as Record<string, unknown>, opts.extraAlloc),
      host: "127.0.0.1",
      rpcBasePort: base,
      p2pBasePort: base + total,
      extraConfig: { blockTime: opts.blockTimeMs ?? 500 },
    });
    const network = new TestNetwork(dir);
    const nodeArgs = opts.baseNodeArgs ?? LEAN_NODE_ARGS;
    const cliArgs = [...(opts.nodeFlags ?? []), ...(opts.builtCli === true ? BUILT_CLI_ARGS : SOURCE_CLI_ARGS)];
    for (const [i, info] of infos.entries()) {
      network.nodes.push(new NetworkNode(info, [...nodeArgs, ...(opts.nodeArgs?.[i] ?? [])], cliArgs));
    }
    return network;
  }

  node(i: number): NetworkNode {
    const node = this.nodes[i];
    if (node === undefined) throw new Error(`no node ${i}`);
    return node;
  }

  get running(): NetworkNode[] {
    return this.nodes.filter((n) => n.running);
  }

  async waitForHeight(height: number, timeoutMs = 60_000): Promise<void> {
    await Promise.all(this.running.map((n) => n.waitForHeight(height, timeoutMs)));
  }

  /** Every running node has the same block hash at every height up to `height`. */
  async assertSameChain(height: number): Promise<void> {
    for (let n = 0; n <= height; n++) {
      const hashes = await Promise.all(this.running.map((node) => node.blockHash(n)));
      const distinct = new Set(hashes);
      if (distinct.size !== 1)
        throw new Error(`fork at height ${n}: ${this.running.map((node, i) => `${node.name}=${hashes[i]}`).join(" ")}`);
    }
  }

  /** Deletes a stopped node's chain data and WAL (its keys and config stay). */
  wipe(i: number): void {
    const dir = this.node(i).info.dir;
    for (const name of ["chaindata", "consensus.wal", "txpool.journal"]) rmSync(join(dir, name), { recursive: true, force: true });
  }

  /** Changes a node's config.json before it starts. */
  editConfig(i: number, edit: (config: Record<string, unknown>) => void): void {
    const path = join(this.node(i).info.dir, "config.json");
    const config = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    edit(config);
    writeFileSync(path, JSON.stringify(config));
  }

  async close(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop("SIGKILL")));
  }
}
