import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Log } from "@eigenchain/chain";
import { createChainBlock, createChainCommon, createLogsBloom } from "@eigenchain/chain";
import { createLegacyTx } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import { ChainEvents } from "../../../src/chain/chainEvents.js";
import { FilterManager } from "../../../src/rpc/filterManager.js";
import type { StoredReceipt } from "../../../src/store/storedReceipt.js";

const common = createChainCommon(57710n);
const KEY = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const CONTRACT = new Uint8Array(20).fill(0xcc);
const OTHER = new Uint8Array(20).fill(0xdd);
const TOPIC_A = new Uint8Array(32).fill(0xaa);
const TOPIC_B = new Uint8Array(32).fill(0xbb);

function commitBlock(events: ChainEvents, number: bigint, logsPerTx: Log[][]): void {
  const txs = logsPerTx.map((_, nonce) =>
    createLegacyTx({ nonce: BigInt(nonce), gasPrice: 10n ** 9n, gasLimit: 100000n, to: `0x${"22".repeat(20)}` }, { common }).sign(KEY),
  );
  const block = createChainBlock({ number, gasLimit: 30_000_000n, baseFeePerGas: 1n }, txs, common);
  const receipts: StoredReceipt[] = logsPerTx.map((logs) => ({
    receipt: { txType: 0, status: 1, cumulativeGasUsed: 21000n, logsBloom: createLogsBloom(logs), logs },
    gasUsed: 21000n,
    effectiveGasPrice: 10n ** 9n,
    sender: new Uint8Array(20),
  }));
  events.emit("block", { block, receipts });
}

describe("FilterManager", () => {
  it("collects block hashes, matching logs and pending hashes between polls", () => {
    const events = new ChainEvents();
    const filters = new FilterManager({ timeoutMs: 60_000, maxFilters: 10, maxPendingPerFilter: 100 }, { events, nowMs: () => 0 });
    const blocks = filters.installHashFilter("blocks")!;
    const pending = filters.installHashFilter("pendingTransactions")!;
    const logs = filters.installLogFilter({ addresses: [CONTRACT], topics: [[TOPIC_A]] }, { fromBlock: 2n, toBlock: undefined })!;

    commitBlock(events, 1n, [[{ address: CONTRACT, topics: [TOPIC_A], data: new Uint8Array() }]]);
    commitBlock(events, 2n, [
      [{ address: OTHER, topics: [TOPIC_A], data: new Uint8Array() }],
      [
        { address: CONTRACT, topics: [TOPIC_B], data: new Uint8Array() },
        { address: CONTRACT, topics: [TOPIC_A, TOPIC_B], data: Uint8Array.of(1) },
      ],
    ]);
    events.emit("pendingTransaction", new Uint8Array(32).fill(1));

    const blockChanges = filters.takeChanges(blocks);
    assert.equal(blockChanges?.kind === "hashes" && blockChanges.hashes.length, 2);
    const logChanges = filters.takeChanges(logs);
    assert.ok(logChanges?.kind === "logs");
    assert.equal(logChanges.logs.length, 1, "block 1 is before fromBlock; other address and topic do not match");
    assert.equal(logChanges.logs[0]!.placement.logIndex, 2);
    assert.equal(logChanges.logs[0]!.placement.transactionIndex, 1);
    const pendingChanges = filters.takeChanges(pending);
    assert.equal(pendingChanges?.kind === "hashes" && pendingChanges.hashes.length, 1);
    assert.deepEqual(filters.takeChanges(blocks), { kind: "hashes", hashes: [] }, "a poll drains");
    assert.ok(filters.uninstall(blocks));
    assert.equal(filters.takeChanges(blocks), undefined);
    filters.close();
  });

  it("expires idle filters and caps how many may exist", () => {
    const events = new ChainEvents();
    let now = 0;
    const filters = new FilterManager({ timeoutMs: 1000, maxFilters: 2, maxPendingPerFilter: 2 }, { events, nowMs: () => now });
    const first = filters.installHashFilter("blocks")!;
    filters.installHashFilter("blocks");
    assert.equal(filters.installHashFilter("blocks"), undefined);
    for (let n = 1n; n <= 3n; n++) commitBlock(events, n, []);
    const changes = filters.takeChanges(first);
    assert.equal(changes?.kind === "hashes" && changes.hashes.length, 2, "oldest change dropped past the cap");
    now = 5000;
    filters.expire();
    assert.equal(filters.size, 0);
    filters.close();
  });
});
