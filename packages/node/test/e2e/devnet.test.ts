// `eigenchain devnet` (what `pnpm devnet` runs): four validator processes whose RPC URLs all answer.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { after, describe, it } from "node:test";
import { REPO_ROOT } from "./support/nodeDsl.js";
import { getFreePortRange, sleep } from "./support/networkDsl.js";

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

describe("eigenchain devnet", { timeout: 300_000 }, () => {
  const base = getFreePortRange(8);
  const child = base.then((port) =>
    spawn(process.execPath, [...CLI_ARGS, "devnet", "--rpc.port", String(port), "--p2p.port", String(port + 4), "--block-time", "500"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );

  after(async () => {
    (await child).kill("SIGKILL");
  });

  it("prints four RPC URLs that all answer with the same chain, prefixes node logs, and stops every node on Ctrl-C", async () => {
    const devnet = await child;
    let stdout = "";
    let stderr = "";
    devnet.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    devnet.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => devnet.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 180_000;
    while (!stdout.includes("Ctrl-C stops every node")) {
      if (devnet.exitCode !== null) assert.fail(`devnet exited early:\n${stdout}\n${stderr.slice(-4000)}`);
      if (Date.now() > deadline) assert.fail(`devnet printed no banner:\n${stdout}\n${stderr.slice(-4000)}`);
      await sleep(200);
    }
    assert.match(stdout, /Chain ID\n=+\n57710/);
    assert.match(stdout, /PUBLIC TEST KEYS/);
    const urls = [...stdout.matchAll(/RPC (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1] ?? "");
    assert.equal(urls.length, 4, stdout);
    for (const url of urls) assert.equal(await rpc(url, "eth_chainId"), "0xe16e");
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
    for (const name of ["node0", "node1", "node2", "node3"]) assert.match(stderr, new RegExp(`\\[${name}\\] `));
    const datadir = /Data dir:\s+(\S+)/.exec(stdout)?.[1] ?? "";
    assert.ok(existsSync(datadir));
    devnet.kill("SIGINT");
    assert.equal(await exited, 0, stderr.slice(-3000));
    assert.equal(existsSync(datadir), false, "the throwaway data dir was not removed");
    for (const url of urls) await assert.rejects(rpc(url, "eth_chainId"));
  });
});
