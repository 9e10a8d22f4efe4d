import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { JsonRpcProvider, Wallet } from "ethers";
import { getFreePort } from "../../../p2p/test/helpers/ports.js";
import {
  createTempDir,
  DEV_ADDRESSES,
  DEV_KEYS,
  DEVNET_GENESIS,
  killAll,
  rpcCall,
  runCli,
  startNode,
  stopNode,
} from "./support/nodeDsl.js";

describe("the eigenchain CLI", () => {
  after(async () => {
    await killAll();
  });

  it("prints geth-like help for the program and each command", async () => {
    const top = await runCli(["--help"]);
    assert.equal(top.code, 0);
    for (const command of ["init", "start", "devnet", "testnet", "keys"]) assert.match(top.stdout, new RegExp(`\\n  ${command}`));
    const start = await runCli(["start", "--help"]);
    assert.equal(start.code, 0);
    for (const flag of [
      "--datadir",
      "--rpc.addr",
      "--rpc.port",
      "--block-time",
      "--allow-empty-blocks",
      "--log.level",
      "--log.format",
      "--metrics",
      "--metrics.addr",
      "--metrics.port",
      "--log.component",
      "--executor",
      "--executor.workers",
      "--validator.key",
      "--p2p.listen",
      "--p2p.announce",
      "--bootnodes",
      "--rpc.corsdomain",
      "--rpc.vhosts",
      "--ws.origins",
      "--rpc.gascap",
      "--rpc.evmtimeout",
      "--rpc.batch-response-max-size",
      "--rpc.heavy-queue",
      "--ws.maxsubscriptions",
      "--ws.sendbuffer",
    ]) {
      assert.ok(start.stdout.includes(flag), `start --help lacks ${flag}`);
    }
    const bad = await runCli(["start", "--datadir", "x", "--rpc.port", "99999"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected a TCP port/);
    const badExecutor = await runCli(["start", "--datadir", "x", "--executor", "optimistic"]);
    assert.notEqual(badExecutor.code, 0);
    assert.match(badExecutor.stderr, /expected parallel or sequential/);
    const badTimeout = await runCli(["start", "--datadir", "x", "--rpc.evmtimeout", "soon"]);
    assert.notEqual(badTimeout.code, 0);
    assert.match(badTimeout.stderr, /expected a duration/);
  });

  it("runs blocks with the sequential reference executor when asked", async () => {
    const node = await startNode({ extraArgs: ["--executor", "sequential"] });
    try {
      const wallet = new Wallet(DEV_KEYS[0], new JsonRpcProvider(node.url, undefined, { staticNetwork: true }));
      const receipt = await (await wallet.sendTransaction({ to: DEV_ADDRESSES[2], value: 7n })).wait();
      assert.equal(receipt?.status, 1);
      const balance = await rpcCall(node, "eth_getBalance", [DEV_ADDRESSES[2], "latest"]);
      assert.equal(balance.error, undefined, JSON.stringify(balance.error));
      assert.equal(BigInt(balance.result as string), 10_000n * 10n ** 18n + 7n);
      wallet.provider?.destroy();
    } finally {
      await stopNode(node);
    }
  });

  it("generates a 0600 validator key file, shows it, and never prints the secret", async () => {
    const datadir = join(createTempDir(), "data");
    const generated = await runCli(["keys", "generate", "--datadir", datadir]);
    assert.equal(generated.code, 0, generated.stderr);
    const keyFile = join(datadir, "validator_key.json");
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const secret = (JSON.parse(readFileSync(keyFile, "utf8")) as { secretKey: string }).secretKey;
    assert.ok(!generated.stdout.includes(secret.slice(2)));
    const publicKey = /BLS public key: +(0x[0-9a-f]{96})/.exec(generated.stdout)?.[1];
    assert.ok(publicKey);
    const shown = await runCli(["keys", "show", "--datadir", datadir]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.ok(shown.stdout.includes(publicKey));
    const again = await runCli(["keys", "generate", "--datadir", datadir]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Fatal: key file already exists/);
  });

  it("initializes a datadir once, and refuses a different genesis", async () => {
    const datadir = join(createTempDir(), "data");
    const first = await runCli(["init", "--genesis", DEVNET_GENESIS, "--datadir", datadir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Initialized .*chain id 57710, genesis 0x[0-9a-f]{64}, head 0/);
    const again = await runCli(["init", "--genesis", DEVNET_GENESIS, "--datadir", datadir]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Already initialized/);
    const otherGenesis = join(createTempDir(), "other.json");
    const genesis = JSON.parse(readFileSync(DEVNET_GENESIS, "utf8")) as { config: { chainId: number } };
    genesis.config.chainId = 4242;
    writeFileSync(otherGenesis, JSON.stringify(genesis));
    const mismatch = await runCli(["init", "--genesis", otherGenesis, "--datadir", datadir]);
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /^Fatal: genesis mismatch/);
  });

  it("refuses a malformed genesis file with the field it is about", async () => {
    const dir = createTempDir();
    const cases: [string, RegExp][] = [
      ["{ not json", /Fatal: invalid genesis: not valid JSON/],
      [
        JSON.stringify({ config: { chainId: 1 }, gasLimit: "0x1c9c380", alloc: { "0x1234": { balance: "1" } } }),
        /Fatal: invalid genesis: alloc\[0x1234\]: expected 20 bytes, got 2/,
      ],
      [JSON.stringify({ config: {}, alloc: {} }), /Fatal: invalid genesis: config.chainId/],
    ];
    for (const [index, [text, expected]] of cases.entries()) {
      const file = join(dir, `genesis${index}.json`);
      writeFileSync(file, text);
      const result = await runCli(["init", "--genesis", file, "--datadir", join(dir, `data${index}`)]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, expected);
    }
    const missing = await runCli(["init", "--genesis", join(dir, "nope.json"), "--datadir", join(dir, "data")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Fatal: .*no such file/);
  });

  it("refuses a missing, uninitialized or damaged datadir with a clear message", async () => {
    const dir = createTempDir();
    const uninitialized = await runCli(["start", "--datadir", join(dir, "empty")]);
    assert.equal(uninitialized.code, 1);
    assert.match(uninitialized.stderr, /Fatal: datadir .* is not initialized: run 'eigenchain init/);

    const fileNotDir = join(dir, "file");
    writeFileSync(fileNotDir, "hello");
    const notDir = await runCli(["start", "--datadir", fileNotDir]);
    assert.equal(notDir.code, 1);
    assert.match(notDir.stderr, /Fatal: datadir .* is not a directory/);

    const damaged = join(dir, "damaged");
    mkdirSync(join(damaged, "chaindata"), { recursive: true });
    writeFileSync(join(damaged, "chaindata", "CURRENT"), "MANIFEST-999999\n");
    const corrupt = await runCli(["start", "--datadir", damaged]);
    assert.equal(corrupt.code, 1);
    assert.match(corrupt.stderr, /Fatal: datadir .* is damaged/);
  });

  it("serves --metrics.port, refuses a second process on the same datadir, shuts down cleanly on SIGTERM", async () => {
    const metricsPort = await getFreePort();
    const node = await startNode({ extraArgs: ["--no-allow-empty-blocks", "--metrics.port", String(metricsPort)] });
    try {
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(metrics, /eigen_node_block_height 0/);
      const port = await getFreePort();
      const second = await runCli(["start", "--datadir", node.datadir, "--rpc.port", String(port)]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /Fatal: datadir is locked by another process/);
      assert.equal((await rpcCall(node, "eth_chainId")).result, "0xe16e");
    } finally {
      const code = await stopNode(node);
      assert.equal(code, 0);
      assert.match(node.output(), /"msg":"Node stopped"/);
    }
  });
});
