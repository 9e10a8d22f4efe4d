// One process of the multi-process fixture runner: runs the files its parent hands it, one at a
// time, and sends back each file's case results.
import { FixtureHarness } from "./harness.js";
import { createLazyKzg } from "./kzg.js";
import type { FromChild, ToChild } from "./runner.js";
import { runFile } from "./runner.js";

let harness: FixtureHarness | null = null;
let root = "";
let filter: string | undefined;
let queue: Promise<void> = Promise.resolve();

const send = (msg: FromChild): void => {
  process.send?.(msg);
};

process.on("message", (msg: ToChild) => {
  queue = queue.then(async () => {
    if (msg.t === "init") {
      root = msg.root;
      filter = msg.opts.filter;
      harness = new FixtureHarness({ ...msg.opts, kzg: createLazyKzg() });
      send({ t: "ready" });
      return;
    }
    if (msg.t === "exit") {
      await harness?.close();
      process.disconnect();
      return;
    }
    if (harness === null) throw new Error("runner child: run before init");
    const started = performance.now();
    const results = await runFile(msg.file, root, harness, filter);
    send({ t: "done", file: msg.file, results, ms: performance.now() - started });
  });
});
