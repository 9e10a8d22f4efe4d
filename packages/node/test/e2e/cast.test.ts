// Foundry's cast against `eigenchain devnet`, as a new user would try it beside anvil: send (signed here
// and by the node for an unlocked account), send --auth (EIP-7702), access-list, logs --subscribe, rpc.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { execFile, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { getFreePortRange } from "../../../p2p/test/helpers/ports.js";
import { compileCounter } from "./support/counterContract.js";
import { sleep } from "./support/networkDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, REPO_ROOT } from "./support/nodeDsl.js";

const run = promisify(execFile);
const CLI_ARGS = ["--conditions=eigenchain-source", "--import", "tsx", "packages/node/src/cli/main.ts"];
/**
 * The cast binary of the npm package's platform package, run directly: the package's wrapper
 * script runs it as a child of its own, which a killed wrapper would leave behind.
 */
const CAST = createRequire(createRequire(import.meta.url).resolve("@foundry-rs/cast/package.json")).resolve(
  `@foundry-rs/cast-${process.platform}-${process.arch === "x64" ? "amd64" : process.arch}/bin/cast`,
);

describe("Foundry cast against eigenchain devnet", { timeout: 240_000 }, () => {
  let devnet: ChildProcess;
  let exited: Promise<number | null>;
  let url: string;
  let wsUrl: string;
  let counter: string;
  const children: ChildProcess[] = [];

  const cast = async (...args: string[]): Promise<string> => {
    const { stdout } = await run(CAST, args, { timeout: 60_000, maxBuffer: 16 << 20 });
    return stdout.trim();
  };
  const castJson = async (...args: string[]): Promise<Record<string, unknown>> => JSON.parse(await cast(...args, "--json"));

  before(async () => {
    const port = await getFreePortRange(4);
    // One instant-mining node (anvil's automine): each transaction gets its block at once.
    devnet = spawn(
      process.execPath,
      [
        ...CLI_ARGS,
        "devnet",
        "--validators",
        "1",
        "--block-time",
        "0",
        "--rpc.port",
        String(port),
        "--p2p.port",
        String(port + 2),
        "--warmup.transfers",
        "0",
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    devnet.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    devnet.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    exited = new Promise((resolve) => devnet.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (!stdout.includes("Ctrl-C stops every node")) {
      if (devnet.exitCode !== null) assert.fail(`devnet exited early:\n${stdout}\n${stderr.slice(-4000)}`);
      if (Date.now() > deadline) assert.fail(`devnet printed no banner:\n${stdout}\n${stderr.slice(-4000)}`);
      await sleep(200);
    }
    url = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}`;
    const deployed = await castJson("send", "--rpc-url", url, "--private-key", DEV_KEYS[1], "--create", compileCounter().bytecode);
    assert.equal(deployed.status, "0x1");
    counter = deployed.contractAddress as string;
  });

  after(async () => {
    for (const child of children) child.kill("SIGKILL");
    if (devnet !== undefined && devnet.exitCode === null) {
      devnet.kill("SIGINT");
      const timer = setTimeout(() => devnet.kill("SIGKILL"), 30_000);
      assert.equal(await exited, 0);
      clearTimeout(timer);
    }
  });

  it("cast rpc eth_accounts lists the unlocked test accounts", async () => {
    const accounts = JSON.parse(await cast("rpc", "--rpc-url", url, "eth_accounts")) as string[];
    assert.equal(accounts.length, 10);
    assert.equal(accounts[0], DEV_ADDRESSES[0]);
  });

  it("cast send --unlocked: the node signs for the account", async () => {
    const receipt = await castJson("send", "--rpc-url", url, "--unlocked", "--from", DEV_ADDRESSES[0], DEV_ADDRESSES[2], "--value", "1234");
    assert.equal(receipt.status, "0x1");
    assert.equal((receipt.from as string).toLowerCase(), DEV_ADDRESSES[0].toLowerCase());
  });

  it("cast send with a private key, and with --access-list built by eth_createAccessList", async () => {
    const plain = await castJson("send", "--rpc-url", url, "--private-key", DEV_KEYS[1], counter, "increment()");
    assert.equal(plain.status, "0x1");
    // An empty --access-list asks the node (eth_createAccessList); it goes after the positionals, or it takes one as its value.
    const withList = await castJson("send", "--rpc-url", url, "--private-key", DEV_KEYS[1], counter, "increment()", "--access-list");
    assert.equal(withList.status, "0x1");
    const tx = JSON.parse(await cast("tx", "--rpc-url", url, withList.transactionHash as string, "--json")) as { accessList: unknown[] };
    assert.deepEqual(tx.accessList, [{ address: counter.toLowerCase(), storageKeys: [`0x${"0".repeat(64)}`] }]);
    assert.equal(BigInt(await cast("call", "--rpc-url", url, counter, "count()(uint256)")), 2n);
  });

  it("cast access-list prints the slots a call touches", async () => {
    const out = await cast("access-list", "--rpc-url", url, "--from", DEV_ADDRESSES[1], counter, "increment()", "--json");
    const list = JSON.parse(out) as { access_list?: unknown; accessList?: unknown; gas_used?: string; gasUsed?: string };
    assert.deepEqual(list.access_list ?? list.accessList, [{ address: counter.toLowerCase(), storageKeys: [`0x${"0".repeat(64)}`] }]);
  });

  it("cast send --auth delegates an account's code (EIP-7702)", async () => {
    const target = "0x000000000000000000000000000000000000bEEF";
    const receipt = await castJson("send", "--rpc-url", url, "--private-key", DEV_KEYS[2], "--auth", target, DEV_ADDRESSES[2]);
    assert.equal(receipt.status, "0x1");
    assert.equal(receipt.type, "0x4");
    assert.equal(await cast("code", "--rpc-url", url, DEV_ADDRESSES[2]), `0xef0100${target.slice(2).toLowerCase()}`);
  });

  it("cast logs --subscribe streams new logs over WebSocket", async () => {
    const subscriber = spawn(CAST, ["logs", "--subscribe", "--rpc-url", wsUrl, "--address", counter], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(subscriber);
    let out = "";
    subscriber.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    subscriber.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await sleep(2000);
    assert.equal(subscriber.exitCode, null, `cast logs --subscribe exited: ${out}`);
    const sent = await castJson("send", "--rpc-url", url, "--private-key", DEV_KEYS[1], counter, "increment()");
    const deadline = Date.now() + 30_000;
    while (!out.includes(sent.transactionHash as string)) {
      assert.ok(Date.now() < deadline, `no log streamed for ${sent.transactionHash}: ${out}`);
      await sleep(200);
    }
    subscriber.kill("SIGINT");
  });
});
