import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, parseComponentLevels } from "../../src/logger.js";

function capture(): { stream: Writable; text: () => string; lines: () => Record<string, unknown>[] } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  const lines = () =>
    text
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, text: () => text, lines };
}

describe("logger", () => {
  it("gives each component its own level; unnamed components follow --log.level", () => {
    const out = capture();
    const root = createLogger({ level: "info", format: "json", components: { consensus: "debug", p2p: "warn" }, destination: out.stream });
    const consensus = root.child({ component: "consensus" });
    const p2p = root.child({ component: "p2p" });
    const rpc = root.child({ component: "rpc" });
    consensus.debug("Round started", { height: 3 });
    consensus.child({ peer: "a" }).debug("Nested child keeps the level");
    p2p.info("Peer connected");
    p2p.warn("Peer misbehaved");
    rpc.debug("Request");
    rpc.info("Listening");
    root.debug("Root debug");
    assert.deepEqual(
      out.lines().map((l) => [l.component ?? null, l.msg]),
      [
        ["consensus", "Round started"],
        ["consensus", "Nested child keeps the level"],
        ["p2p", "Peer misbehaved"],
        ["rpc", "Listening"],
      ],
    );
    assert.equal(out.lines()[0]?.height, 3);
  });

  it("never writes fields named like secrets, even when a caller passes one", () => {
    const out = capture();
    const logger = createLogger({ level: "trace", format: "json", destination: out.stream });
    const secret = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    logger.info("Loaded key", { privateKey: secret, key: { secretKey: secret }, address: "0xabc" });
    const [line] = out.lines();
    assert.equal(line?.privateKey, "[Redacted]");
    assert.deepEqual(line?.key, { secretKey: "[Redacted]" });
    assert.equal(line?.address, "0xabc");
  });

  it("pretty output (the devnet's) is one readable line with the component among the fields", () => {
    const out = capture();
    const logger = createLogger({ level: "info", format: "pretty", destination: out.stream });
    logger.child({ component: "sync" }).info("Sync progress", { current: 5, highest: 9 });
    assert.match(out.text(), /^INFO {2}\[\d\d:\d\d:\d\d\.\d{3}\] Sync progress component=sync current=5 highest=9\n$/);
  });

  it("parses component=level lists and refuses bad ones with a clear message", () => {
    assert.deepEqual(parseComponentLevels("consensus=debug, p2p=warn"), { consensus: "debug", p2p: "warn" });
    assert.deepEqual(parseComponentLevels(""), {});
    assert.throws(() => parseComponentLevels("consensus"), /not component=level/);
    assert.throws(() => parseComponentLevels("consensus=loud"), /unknown log level "loud" for consensus/);
    assert.throws(() => parseComponentLevels("wallet=debug"), /unknown log component "wallet"/);
    assert.throws(() => parseComponentLevels("p2p=debug=x"), /not component=level/);
  });
});
