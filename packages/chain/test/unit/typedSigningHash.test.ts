import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessList, TypedTransaction } from "@ethereumjs/tx";
import { createTx } from "@ethereumjs/tx";
import { bytesToHex, type EOACode7702AuthorizationListItem } from "@ethereumjs/util";
import { createParallelTransaction, decodeTransaction } from "../../src/index.js";
import { computeTypedSigningHash } from "../../src/typedSigningHash.js";
import { common, key, to } from "./fixtures.js";

const FEES = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n };
const ACCESS_LIST: AccessList = [{ address: to, storageKeys: [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`] }];

/** Signed transactions whose lists have short and long headers, with and without access lists. */
function signedTransactions(): TypedTransaction[] {
  const txs: TypedTransaction[] = [];
  // 0, 1, 54 and 56 bytes of data straddle RLP's 55-byte boundary; 300 and 70,000 give 2- and 3-byte lengths.
  for (const [nonce, size] of [0, 1, 54, 56, 300, 70_000].entries()) {
    const data = new Uint8Array(size).fill(size % 251);
    txs.push(createTx({ type: 2, chainId: 57710n, nonce, gasLimit: 2_000_000n, to, value: 5n, data, ...FEES }, { common }).sign(key));
  }
  txs.push(
    createTx({ type: 1, chainId: 57710n, gasLimit: 50_000n, gasPrice: 10n ** 10n, to, accessList: ACCESS_LIST }, { common }).sign(key),
  );
  txs.push(createTx({ type: 2, chainId: 57710n, gasLimit: 100_000n, data: Uint8Array.of(0x60, 0x00), ...FEES }, { common }).sign(key));
  const authorization: EOACode7702AuthorizationListItem = {
    chainId: "0x0",
    address: to,
    nonce: "0x1",
    yParity: "0x1",
    r: `0x${"33".repeat(32)}`,
    s: `0x${"44".repeat(32)}`,
  };
  txs.push(
    createTx({ type: 4, chainId: 57710n, gasLimit: 80_000n, to, authorizationList: [authorization], ...FEES }, { common }).sign(key),
  );
  txs.push(createParallelTransaction({ chainId: 57710n, gasLimit: 60_000n, to, accessList: ACCESS_LIST, ...FEES }, { common }).sign(key));
  return txs;
}

describe("typed signing hash from the signed bytes", () => {
  it("equals ethereumjs's signing hash for types 0x01, 0x02, 0x04 and 0x05", () => {
    for (const tx of signedTransactions()) {
      const fromBytes = computeTypedSigningHash(tx.serialize());
      assert.ok(fromBytes !== undefined, `type ${tx.type}`);
      assert.equal(bytesToHex(fromBytes), bytesToHex(tx.getHashedMessageToSign()), `type ${tx.type}, ${tx.data.length} bytes of data`);
    }
  });

  it("is what a decoded transaction recovers its sender from, and decoded bytes serialize as they came", () => {
    for (const tx of signedTransactions()) {
      const decoded = decodeTransaction(tx.serialize(), common, 1 << 20);
      assert.equal(bytesToHex(decoded.getMessageToVerifySignature()), bytesToHex(tx.getHashedMessageToSign()));
      assert.equal(decoded.getSenderAddress().toString(), tx.getSenderAddress().toString());
      assert.equal(bytesToHex(decoded.serialize()), bytesToHex(tx.serialize()));
      // A caller that changes what serialize() returned changes nothing of the transaction.
      const copy = decoded.serialize();
      copy[3] = copy[3]! ^ 1;
      assert.equal(bytesToHex(decoded.serialize()), bytesToHex(tx.serialize()));
    }
  });

  it("leaves legacy transactions and bytes that are no typed envelope to ethereumjs", () => {
    const legacy = createTx({ type: 0, gasLimit: 21_000n, gasPrice: 10n ** 10n, to }, { common }).sign(key);
    assert.equal(computeTypedSigningHash(legacy.serialize()), undefined);
    const typed = signedTransactions()[0]!.serialize();
    assert.equal(computeTypedSigningHash(typed.subarray(0, typed.length - 1)), undefined, "truncated");
    assert.equal(computeTypedSigningHash(Uint8Array.of(2, 0x80)), undefined, "not a list");
    assert.equal(computeTypedSigningHash(Uint8Array.of(2, 0xc2, 0x01, 0x02)), undefined, "too few items");
    assert.equal(computeTypedSigningHash(new Uint8Array()), undefined, "empty");
  });
});
