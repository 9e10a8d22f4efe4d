import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hexToBytes } from "@ethereumjs/util";
import { GWEI, rawTx } from "../../../../mempool/test/txFactory.js";
import { formatTxpoolContent, formatTxpoolContentFrom, formatTxpoolInspect, formatTxpoolStatus } from "../../../src/rpc/poolFormat.js";
import { createTestPool } from "./poolTestTxs.js";

const ALICE = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

describe("txpool_* shapes", () => {
  it("status, content, contentFrom and inspect as geth returns them", async () => {
    const pool = createTestPool({ baseFeePerGas: GWEI });
    await pool.addRemote(rawTx({ nonce: 0n, tip: GWEI, maxFee: 3n * GWEI }));
    await pool.addRemote(rawTx({ nonce: 2n, type: 0, maxFee: 5n * GWEI }));
    assert.deepEqual(formatTxpoolStatus(pool), { pending: "0x1", queued: "0x1" });
    const content = formatTxpoolContent(pool);
    const tx = content.pending[ALICE]?.["0"];
    assert.ok(tx);
    assert.equal(tx.from, ALICE);
    assert.equal(tx.to, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    assert.equal(tx.gas, "0x5208");
    assert.equal(tx.gasPrice, "0x77359400"); // min(fee cap 3, base 1 + tip 1) gwei
    assert.equal(tx.maxFeePerGas, "0xb2d05e00");
    assert.equal(tx.nonce, "0x0");
    assert.equal(tx.type, "0x2");
    assert.equal(tx.blockHash, null);
    assert.equal(tx.chainId, "0xe16e");
    assert.equal(content.queued[ALICE]?.["2"]?.type, "0x0");
    assert.deepEqual(Object.keys(formatTxpoolContentFrom(pool, hexToBytes(ALICE.toLowerCase() as `0x${string}`)).queued), ["2"]);
    assert.deepEqual(formatTxpoolInspect(pool), {
      pending: { [ALICE]: { "0": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 3000000000 wei" } },
      queued: { [ALICE]: { "2": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8: 1 wei + 21000 gas × 5000000000 wei" } },
    });
    await pool.close();
  });
});
