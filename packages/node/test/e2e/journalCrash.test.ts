/**
 * The pool's journal under a crash (issue 12): a node takes local transactions from concurrent
 * clients while no block is due, is killed with SIGKILL mid-load, and on restart pools again every
 * transaction it had accepted at least one flush interval (100 ms, JOURNAL_FLUSH_INTERVAL_MS) before
 * the kill. Admission no longer waits on the file, so the journal is a best-effort record, as geth's.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { Wallet } from "ethers";
import { signTransfers } from "../perf/support/transferLoad.js";
import { DEV_KEYS, DEVNET_CHAIN_ID, killAll, rpcCall, startNode, type TestNode } from "./support/nodeDsl.js";

/** No block during the test: every accepted transaction stays pooled, so only the journal can bring it back. */
const BLOCK_TIME_MS = 600_000;
const FLUSH_INTERVAL_MS = 100;
/** Beyond the interval: a flush timer may fire late on a busy machine (event-loop delay). */
const SLACK_MS = 400;
const CLIENTS = 8;

after(killAll);

/** Sends with `CLIENTS` concurrent clients until told to stop; records when each hash was acknowledged. */
function sendUntilStopped(node: TestNode, raws: string[], acknowledged: Map<string, number>, stop: () => boolean): Promise<void> {
  let cursor = 0;
  return Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let n = cursor++; n < raws.length && !stop(); n = cursor++) {
        try {
          const { result } = await rpcCall(node, "eth_sendRawTransaction", [raws[n]]);
          if (typeof result === "string") acknowledged.set(result, performance.now());
        } catch {
          return; // the node was killed under this request
        }
      }
    }),
  ).then(() => undefined);
}

function acknowledgedBefore(acknowledged: Map<string, number>, cutOff: number): number {
  let count = 0;
  for (const at of acknowledged.values()) if (at <= cutOff) count++;
  return count;
}

describe("pool journal after SIGKILL", () => {
  it("reloads every local transaction accepted one flush interval before the kill", async () => {
    const senders = DEV_KEYS.map((key) => new Wallet(key));
    const raws = (await signTransfers(senders, 3000, DEVNET_CHAIN_ID)).map((t) => t.raw);
    const node = await startNode({ blockTimeMs: BLOCK_TIME_MS });
    const acknowledged = new Map<string, number>();
    let killed = false;
    const sending = sendUntilStopped(node, raws, acknowledged, () => killed);
    // Kill mid-load, once enough acknowledgements are old enough to be due: a count alone is reached
    // within the slack on a fast machine, leaving too few due to test.
    while (acknowledgedBefore(acknowledged, performance.now() - FLUSH_INTERVAL_MS - SLACK_MS) < 200) {
      await new Promise((r) => setTimeout(r, 20));
    }
    node.child.kill("SIGKILL");
    const killedAt = performance.now();
    killed = true;
    await sending;
    await new Promise((r) => (node.child.exitCode !== null || node.child.signalCode !== null ? r(undefined) : node.child.once("exit", r)));

    const restarted = await startNode({ ...node.startArgs });
    const due = [...acknowledged].filter(([, at]) => at <= killedAt - FLUSH_INTERVAL_MS - SLACK_MS).map(([hash]) => hash);
    assert.ok(due.length >= 100, `only ${due.length} transactions were acknowledged before the cut-off`);
    const missing: string[] = [];
    for (const hash of due) {
      const { result } = await rpcCall(restarted, "eth_getTransactionByHash", [hash]);
      if (result === null || result === undefined) missing.push(hash);
    }
    assert.deepEqual(missing, [], `${missing.length} of ${due.length} acknowledged transactions were lost`);
    const status = (await rpcCall(restarted, "txpool_status")).result as { pending: string; queued: string };
    assert.ok(Number(status.pending) >= due.length, `pending ${Number(status.pending)} < ${due.length}`);
  });
});
