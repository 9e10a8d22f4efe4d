import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RLP } from "@ethereumjs/rlp";
import {
  decodeBlocksRequest,
  decodeConsensusItem,
  decodeHeightRequest,
  decodeStatus,
  decodeSyncedBlock,
  encodeBlocksRequest,
  encodeConsensusItem,
  encodeHeightRequest,
  encodeStatus,
  encodeSyncedBlock,
} from "../../../src/network/messages.js";

describe("block-sync and catch-up messages", () => {
  it("round-trip", () => {
    const headHash = new Uint8Array(32).fill(3);
    assert.deepEqual(decodeStatus(encodeStatus({ headNumber: 1234567n, headHash })), { headNumber: 1234567n, headHash });
    assert.deepEqual(decodeStatus(encodeStatus({ headNumber: 0n, headHash })), { headNumber: 0n, headHash });
    assert.deepEqual(decodeBlocksRequest(encodeBlocksRequest(99n, 32)), { from: 99n, count: 32 });
    assert.deepEqual(decodeSyncedBlock(encodeSyncedBlock(Uint8Array.of(1, 2), Uint8Array.of(3))), {
      block: Uint8Array.of(1, 2),
      certificate: Uint8Array.of(3),
    });
    assert.equal(decodeHeightRequest(encodeHeightRequest(70_000)), 70_000);
    assert.deepEqual(decodeConsensusItem(encodeConsensusItem(2, Uint8Array.of(9))), { kind: 2, payload: Uint8Array.of(9) });
  });

  it("refuse junk: wrong shapes, oversized numbers, short hashes", () => {
    const table: [string, () => unknown][] = [
      ["status with a short hash", () => decodeStatus(RLP.encode([1, new Uint8Array(31)]))],
      ["status with a 9-byte number", () => decodeStatus(RLP.encode([new Uint8Array(9).fill(1), new Uint8Array(32)]))],
      ["blocks request of three fields", () => decodeBlocksRequest(RLP.encode([1, 2, 3]))],
      ["blocks request with a nested list", () => decodeBlocksRequest(RLP.encode([[1], 2]))],
      ["a height request that is a list", () => decodeHeightRequest(RLP.encode([1]))],
      ["a consensus item with a wide kind", () => decodeConsensusItem(RLP.encode([300, Uint8Array.of(1)]))],
      ["not RLP at all", () => decodeSyncedBlock(Uint8Array.of(0xff))],
    ];
    for (const [desc, decode] of table) assert.throws(decode, Error, desc);
  });
});
