// Runs each devnet node as its own OS process, prefixes its log lines with its name, stops them all.
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface SupervisedNode {
  name: string;
  datadir: string;
  rpcUrl: string;
}

/** How long a node may take to serve RPC after its process starts (a cold start on a busy machine). */
const START_TIMEOUT_MS = 120_000;
/** How long nodes get to shut down cleanly before they are killed. */
const STOP_TIMEOUT_MS = 20_000;

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** Starts `eigenchain start --datadir` for every node with this process's own runtime flags. */
export class DevnetSupervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(
    private readonly nodes: readonly SupervisedNode[],
    private readonly onExit: (name: string, code: number | null) => void,
  ) {}

  start(): void {
    const script = process.argv[1] ?? "";
    for (const node of this.nodes) {
      const child = spawn(process.execPath, [...process.execArgv, script, "start", "--datadir", node.datadir], {
        stdio: ["ignore", "pipe", "pipe"],
        env: process.env,
      });
      this.children.set(node.name, child);
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on("line", (line) => process.stderr.write(`[${node.name}] ${line}\n`));
      }
      child.on("exit", (code) => {
        this.children.delete(node.name);
        if (!this.stopping) this.onExit(node.name, code);
      });
    }
  }

  /** Resolves once every node answers /health; rejects if one exits or the time runs out. */
  async waitUntilServing(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (const node of this.nodes) {
      while (!(await isHealthy(node.rpcUrl))) {
        if (!this.children.has(node.name)) throw new Error(`${node.name} exited before serving RPC (its log is above)`);
        if (Date.now() > deadline) throw new Error(`${node.name} did not serve RPC within ${START_TIMEOUT_MS / 1000} s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  /** SIGTERM to every node, SIGKILL to those still running after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    const exits = [...this.children.values()].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    );
    await Promise.all(exits);
  }
}
