import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, concatBytes, hexToBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import {
  createChainCommon,
  createParallelTransaction,
  decodeTransaction,
  isEigenError,
  isParallelTransaction,
  PARALLEL_TRANSACTION_TYPE,
  ParallelTransaction,
  recoverSender,
} from "../../src/index.js";
import { common, key } from "./fixtures.js";

const token = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const slot = hexToBytes(`0x${"00".repeat(31)}01`);

function unsigned() {
  return createParallelTransaction(
    {
      nonce: 3n,
      maxFeePerGas: 2_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      gasLimit: 60_000n,
      to: token,
      value: 0n,
      data: hexToBytes("0xa9059cbb"),
      accessList: [[hexToBytes(token), [slot]]],
    },
    { common },
  );
}

function assertRejected(raw: Uint8Array, code: string, message: RegExp) {
  assert.throws(
    () => decodeTransaction(raw, common),
    (err: unknown) => {
      assert.ok(isEigenError(err, code), `expected ${code}, got ${String(err)}`);
      assert.match((err as Error).message, message);
      return true;
    },
  );
}

describe("parallel transaction (type 0x05)", () => {
  it("round-trips through decodeTransaction and recovers the sender", () => {
    const signed = unsigned().sign(key);
    assert.ok(signed instanceof ParallelTransaction);
    const raw = signed.serialize();
    assert.equal(raw[0], 0x05);
    const decoded = decodeTransaction(raw, common);
    assert.ok(isParallelTransaction(decoded));
    assert.ok(decoded instanceof ParallelTransaction);
    assert.equal(decoded.type, PARALLEL_TRANSACTION_TYPE);
    assert.deepEqual(decoded.serialize(), raw);
    assert.deepEqual(decoded.hash(), keccak_256(raw));
    assert.equal(recoverSender(decoded).toString(), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assert.equal(decoded.toJSON().type, "0x5");
    assert.deepEqual(decoded.accessList, [[hexToBytes(token), [slot]]]);
  });

  it("signs keccak256(0x05 || rlp(the nine unsigned fields))", () => {
    const tx = unsigned();
    const payload = concatBytes(Uint8Array.of(0x05), RLP.encode(tx.raw().slice(0, 9)));
    assert.deepEqual(tx.getMessageToSign(), payload);
    assert.deepEqual(tx.getHashedMessageToSign(), keccak_256(payload));
    // Same fields as an EIP-1559 transaction, different type byte, so a different payload.
    const { nonce, maxFeePerGas, maxPriorityFeePerGas, gasLimit, value, data, accessList } = tx;
    const as1559 = createFeeMarket1559Tx(
      { nonce, maxFeePerGas, maxPriorityFeePerGas, gasLimit, to: token, value, data, accessList },
      { common },
    );
    assert.notEqual(bytesToHex(as1559.getHashedMessageToSign()), bytesToHex(tx.getHashedMessageToSign()));
  });

  it("never shares a signing payload with an EIP-7702 authorization (MAGIC 0x05)", () => {
    // An authorization signs 0x05 || rlp([chainId, address, nonce]): a 3-item list, never 9 items.
    const auth = concatBytes(Uint8Array.of(0x05), RLP.encode([hexToBytes("0xe16e"), hexToBytes(token), hexToBytes("0x03")]));
    const txPayload = unsigned().getMessageToSign();
    assert.notDeepEqual(auth, txPayload);
    assert.equal((RLP.decode(auth.subarray(1)) as unknown[]).length, 3);
    assert.equal((RLP.decode(txPayload.subarray(1)) as unknown[]).length, 9);
    // And an authorization-shaped envelope is refused as a transaction.
    assertRejected(auth, "TX_RLP_INVALID", /too few elements for parallel transaction/);
  });

  const signedFields = () => unsigned().sign(key).raw();
  const cases: { desc: string; fields: () => unknown[]; message: RegExp }[] = [
    { desc: "11 fields", fields: () => signedFields().slice(0, 11), message: /too few elements/ },
    { desc: "13 fields", fields: () => [...signedFields(), new Uint8Array()], message: /too many elements/ },
    {
      desc: "an access list that is not a list",
      fields: () => signedFields().map((f, i) => (i === 8 ? new Uint8Array([1]) : f)),
      message: /access list must be a list/,
    },
    {
      desc: "a short storage key",
      fields: () => signedFields().map((f, i) => (i === 8 ? [[hexToBytes(token), [new Uint8Array(31)]]] : f)),
      message: /storage keys must be 32 bytes/,
    },
    {
      desc: "a nonce with a leading zero",
      fields: () => signedFields().map((f, i) => (i === 1 ? Uint8Array.of(0, 3) : f)),
      message: /leading zero/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.desc}`, () => {
      const raw = concatBytes(Uint8Array.of(0x05), RLP.encode(c.fields() as Uint8Array[]));
      assertRejected(raw, "TX_RLP_INVALID", c.message);
    });
  }

  it("refuses trailing bytes after the list", () => {
    const raw = concatBytes(unsigned().sign(key).serialize(), Uint8Array.of(0x00));
    assertRejected(raw, "TX_RLP_INVALID", /^rlp:/);
  });

  it("refuses an unsigned 0x05 transaction", () => {
    assertRejected(unsigned().serialize(), "TX_SIGNATURE_INVALID", /invalid transaction v, r, s values/);
  });

  it("checks the chain id like every other type", () => {
    const other = createParallelTransaction({ gasLimit: 21_000n, maxFeePerGas: 1n }, { common: createChainCommon(1n) }).sign(key);
    assertRejected(other.serialize(), "TX_CHAIN_ID_INVALID", /have 1 want 57710/);
  });
});
