import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Command } from "commander";
import type { NodeCliOptions } from "../../../src/cli/nodeOptions.js";
import { addNodeOptions } from "../../../src/cli/nodeOptions.js";
import { createCliLogger, getMetricsServerOpts } from "../../../src/cli/runNode.js";
import { writeTestnet } from "../../../src/cli/testnetWriter.js";

function parse(args: string[]): NodeCliOptions {
  const command = addNodeOptions(new Command("start").exitOverride().configureOutput({ writeErr: () => undefined }));
  command.parse(args, { from: "user" });
  return command.opts<NodeCliOptions>();
}

describe("metrics and log flags", () => {
  it("--metrics serves on 127.0.0.1:6060 unless told otherwise; the address or port alone turns it on", () => {
    assert.equal(getMetricsServerOpts(parse([])), undefined);
    assert.deepEqual(getMetricsServerOpts(parse(["--metrics"])), { host: "127.0.0.1", port: 6060 });
    assert.deepEqual(getMetricsServerOpts(parse(["--metrics.port", "9001"])), { host: "127.0.0.1", port: 9001 });
    assert.deepEqual(getMetricsServerOpts(parse(["--metrics.addr", "0.0.0.0"])), { host: "0.0.0.0", port: 6060 });
    assert.throws(() => parse(["--metrics.port", "70000"]), /TCP port/);
  });

  it("--log.component is checked as a flag and again when it comes from config.json", () => {
    assert.equal(parse(["--log.component", "consensus=debug,p2p=warn"])["log.component"], "consensus=debug,p2p=warn");
    assert.throws(() => parse(["--log.component", "consensus=chatty"]), /unknown log level "chatty"/);
    assert.throws(
      () => createCliLogger({ "log.level": "info", "log.format": "json", "log.component": "mempool=debug" }),
      /--log\.component: unknown log component "mempool"/,
    );
  });

  it("a testnet with a metrics base port gives node i its own port", async () => {
    const out = mkdtempSync(join(tmpdir(), "eigen-metrics-testnet-"));
    try {
      const nodes = await writeTestnet({
        validators: 2,
        fullNodes: 1,
        out,
        baseGenesis: { chainId: 1 },
        host: "127.0.0.1",
        rpcBasePort: 8545,
        p2pBasePort: 26656,
        metricsBasePort: 6060,
        extraConfig: { metrics: true },
      });
      assert.deepEqual(
        nodes.map((n) => n.metricsPort),
        [6060, 6061, 6062],
      );
      const config = JSON.parse(readFileSync(join(out, "node2", "config.json"), "utf8")) as Record<string, unknown>;
      assert.equal(config["metrics.port"], 6062);
      assert.equal(config.metrics, true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
