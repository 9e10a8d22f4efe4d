// test-file-timeout: 600s
// `eigenchain devnet` (what `pnpm devnet` runs): four validator processes whose RPC URLs all answer.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { getFreePortRange } from "../../../p2p/test/helpers/ports.js";
import { sleep } from "./support/networkDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, REPO_ROOT } from "./support/nodeDsl.js";

const CLI_ARGS = ["--conditions=eigenchain-source", "--import", "tsx", "packages/node/src/cli/main.ts"];

async function rpc(url: string, method: string): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    signal: AbortSignal.timeout(10_000),
  });
  return ((await response.json()) as { result?: unknown }).result;
}

interface Devnet {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** Signals a devnet's whole process group (it and its nodes); nothing if it is gone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-(child.pid as number), signal);
  } catch {
    // already exited
  }
}

/** Runs `eigenchain devnet` on free ports and waits for its banner. */
async function startDevnet(args: string[]): Promise<Devnet> {
  const port = await getFreePortRange(8);
  const child = spawn(
    process.execPath,
    [...CLI_ARGS, "devnet", "--rpc.port", String(port), "--p2p.port", String(port + 4), "--warmup.transfers", "0", ...args],
    // Its own process group (with its nodes), so that a test can Ctrl-C it as a terminal does.
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  started.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 180_000;
  while (!stdout.includes("Ctrl-C stops every node")) {
    if (child.exitCode !== null) assert.fail(`devnet exited early:\n${stdout}\n${stderr.slice(-4000)}`);
    if (Date.now() > deadline) assert.fail(`devnet printed no banner:\n${stdout}\n${stderr.slice(-4000)}`);
    await sleep(200);
  }
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe("eigenchain devnet", { timeout: 300_000 }, () => {
  after(() => {
    for (const child of started) killGroup(child, "SIGKILL");
  });

  it("prints four RPC URLs that all answer with the same chain, prefixes node logs, and stops every node on Ctrl-C", async () => {
    const { child: devnet, exited, stdout: readStdout, stderr: readStderr } = await startDevnet(["--block-time", "500"]);
    const stdout = readStdout();
    assert.match(stdout, /Chain ID\n=+\n57710/);
    assert.match(stdout, /PUBLIC TEST KEYS/);
    const urls = [...stdout.matchAll(/RPC (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] ?? "");
    assert.equal(urls.length, 4, stdout);
    for (const url of urls) assert.equal(await rpc(url, "eth_chainId"), "0xe16e");
    // The dashboard line: node0's page, watching the other three, served by node0.
    const dashboard = /^Dashboard:\s+(\S+)/m.exec(stdout)?.[1] ?? "";
    assert.equal(
      dashboard,
      `${urls[0]}/dashboard/?nodes=${urls
        .slice(1)
        .map((u) => new URL(u).port)
        .join(",")}`,
    );
    const page = await fetch(dashboard);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>EIGENChain dashboard<\/title>/);
    for (let i = 0; i < 600; i++) {
      const heights = await Promise.all(urls.map(async (url) => Number(await rpc(url, "eth_blockNumber"))));
      if (heights.every((h) => h >= 2)) break;
      await sleep(200);
    }
    const hashes = await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["0x2", false] }),
        });
        return ((await response.json()) as { result: { hash: string } }).result.hash;
      }),
    );
    assert.equal(new Set(hashes).size, 1, `nodes disagree on block 2: ${hashes.join(" ")}`);
    const stderr = readStderr();
    for (const name of ["node0", "node1", "node2", "node3"]) assert.match(stderr, new RegExp(`\\[${name}\\] `));
    const datadir = /Data dir:\s+(\S+)/.exec(stdout)?.[1] ?? "";
    assert.ok(existsSync(datadir));
    // Ctrl-C in a terminal: SIGINT to the whole process group, the nodes included, then the
    // supervisor's own SIGTERM to each node; neither may cut a node's clean shutdown short.
    killGroup(devnet, "SIGINT");
    assert.equal(await exited, 0, readStderr().slice(-3000));
    assert.doesNotMatch(readStderr(), /exiting without cleanup/);
    for (const name of ["node0", "node1", "node2", "node3"]) assert.match(readStderr(), new RegExp(`\\[${name}\\] .*Node stopped`));
    assert.equal(existsSync(datadir), false, "the throwaway data dir was not removed");
    for (const url of urls) await assert.rejects(rpc(url, "eth_chainId"));
  });

  it("--validators 1 --block-time 0 mines each transaction at once and no empty blocks", async () => {
    const devnet = await startDevnet(["--validators", "1", "--block-time", "0"]);
    assert.match(devnet.stdout(), /Mining:\s+instant/);
    const url = /RPC (http:\/\/127\.0\.0\.1:\d+)/.exec(devnet.stdout())?.[1] ?? "";
    await sleep(1500);
    assert.equal(await rpc(url, "eth_blockNumber"), "0x0", "an instant-mining node made a block without a transaction");
    const raw = await new Wallet(DEV_KEYS[0]).signTransaction({
      type: 2,
      chainId: DEVNET_CHAIN_ID,
      nonce: 0,
      to: DEV_ADDRESSES[1],
      value: 1n,
      gasLimit: 21_000,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1n,
    });
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] }),
    });
    const hash = ((await response.json()) as { result: string }).result;
    let receipt: unknown = null;
    for (let i = 0; i < 50 && receipt === null; i++) {
      const r = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionReceipt", params: [hash] }),
      });
      receipt = ((await r.json()) as { result: unknown }).result;
      if (receipt === null) await sleep(50);
    }
    assert.equal((receipt as { blockNumber: string }).blockNumber, "0x1");
    devnet.child.kill("SIGINT");
    assert.equal(await devnet.exited, 0);
  });
});
