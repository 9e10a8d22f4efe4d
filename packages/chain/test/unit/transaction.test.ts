import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createFeeMarket1559Tx, createLegacyTx } from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes, concatBytes } from "@ethereumjs/util";
import {
  cacheSenderPublicKey,
  createChainCommon,
  decodeTransaction,
  getTransactionBytes,
  isEigenError,
  keccak256Js,
  recoverSender,
} from "../../src/index.js";
import { common, key, to } from "./fixtures.js";

const otherChain = createChainCommon(1n);
const preEip155 = new Common({ chain: Mainnet, hardfork: Hardfork.TangerineWhistle });

function signed1559(c = common) {
  return createFeeMarket1559Tx(
    { nonce: 0n, maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, to, value: 1n },
    { common: c },
  ).sign(key);
}

function assertRejected(fn: () => unknown, code: string, message: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isEigenError(err, code), `expected ${code}, got ${String(err)}`);
    assert.match((err as Error).message, message);
    return true;
  });
}

describe("decodeTransaction", () => {
  it("decodes a signed EIP-1559 transaction and recovers its sender", () => {
    const tx = decodeTransaction(signed1559().serialize(), common);
    assert.equal(recoverSender(tx).toString(), "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  });

  it("decodes an EIP-155 legacy transaction", () => {
    const legacy = createLegacyTx({ nonce: 1n, gasPrice: 10n, gasLimit: 21_000n, to }, { common }).sign(key);
    assert.equal(decodeTransaction(legacy.serialize(), common).nonce, 1n);
  });

  it("remembers the bytes a transaction was decoded from: exactly its canonical encoding", () => {
    const legacy = createLegacyTx({ nonce: 1n, gasPrice: 10n, gasLimit: 21_000n, to }, { common }).sign(key);
    for (const raw of [signed1559().serialize(), legacy.serialize()]) {
      const tx = decodeTransaction(raw, common);
      assert.deepEqual(getTransactionBytes(tx), tx.serialize());
      assert.deepEqual(getTransactionBytes(tx), raw);
    }
    // Its hash is known at decode (the keccak of those bytes) and is ethereumjs's own.
    for (const built of [signed1559(), legacy]) {
      const decoded = decodeTransaction(built.serialize(), common);
      assert.deepEqual(decoded.hash(), built.hash());
      assert.deepEqual(decoded.hash(), keccak256Js(built.serialize()));
      // Frozen (ethereumjs caches only then), with the same sender through the memoised native path.
      assert.ok(Object.isFrozen(decoded));
      assert.equal(decoded.getSenderAddress().toString(), built.getSenderAddress().toString());
      assert.equal(decoded.getSenderAddress(), decoded.getSenderAddress());
    }
    // A transaction built in memory has no decoded bytes: its serialisation is used.
    assert.deepEqual(getTransactionBytes(signed1559()), signed1559().serialize());
    // A non-canonical encoding of the same fields (nonce 0 as 0x00) is refused, so never remembered.
    const fields = RLP.decode(signed1559().serialize().subarray(1)) as Uint8Array[];
    fields[1] = Uint8Array.of(0);
    assert.throws(() => decodeTransaction(concatBytes(Uint8Array.of(2), RLP.encode(fields)), common));
  });

  const cases: { desc: string; raw: () => Uint8Array; code: string; message: RegExp }[] = [
    { desc: "empty bytes", raw: () => new Uint8Array(), code: "TX_RLP_INVALID", message: /too short/ },
    { desc: "junk RLP", raw: () => Uint8Array.of(0x02, 0xff, 0x01), code: "TX_RLP_INVALID", message: /^rlp:/ },
    { desc: "unknown type", raw: () => Uint8Array.of(0x7f, 0xc0), code: "TX_TYPE_UNSUPPORTED", message: /transaction type not supported/ },
    {
      desc: "another chain's tx",
      raw: () => signed1559(otherChain).serialize(),
      code: "TX_CHAIN_ID_INVALID",
      message: /invalid chain id for signer: have 1 want 57710/,
    },
    {
      desc: "a blob transaction",
      raw: () => Uint8Array.of(0x03, 0xc0),
      code: "TX_TYPE_UNSUPPORTED",
      message: /transaction type not supported/,
    },
    {
      desc: "an unsigned transaction",
      raw: () => createFeeMarket1559Tx({ gasLimit: 21_000n, to }, { common }).serialize(),
      code: "TX_SIGNATURE_INVALID",
      message: /invalid transaction v, r, s values/,
    },
    {
      desc: "a pre-EIP-155 legacy transaction",
      // Before Spurious Dragon (EIP-155) ethereumjs signs with v = 27/28: no chain id at all.
      raw: () => createLegacyTx({ gasPrice: 10n, gasLimit: 21_000n, to }, { common: preEip155 }).sign(key).serialize(),
      code: "TX_UNPROTECTED",
      message: /only replay-protected \(EIP-155\) transactions allowed over RPC/,
    },
    {
      desc: "a tip above the fee cap",
      raw: () => {
        const fields = signed1559().raw();
        fields[2] = bigIntToUnpaddedBytes(3_000_000_000n); // maxPriorityFeePerGas above maxFeePerGas (2 gwei)
        return concatBytes(Uint8Array.of(2), RLP.encode(fields));
      },
      code: "TX_TIP_ABOVE_FEE_CAP",
      message: /^max priority fee per gas higher than max fee per gas$/,
    },
    { desc: "an oversized transaction", raw: () => new Uint8Array(5 * 1024 * 1024), code: "TX_OVERSIZED", message: /oversized data/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.desc}`, () => assertRejected(() => decodeTransaction(c.raw(), common), c.code, c.message));
  }

  it("rejects a signature with s above n/2 (EIP-2)", () => {
    const tx = signed1559();
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const fields = tx.raw();
    fields[9] = bigIntToUnpaddedBytes(tx.v! ^ 1n);
    fields[11] = bigIntToUnpaddedBytes(n - tx.s!);
    const malleable = concatBytes(Uint8Array.of(2), RLP.encode(fields));
    assertRejected(() => decodeTransaction(malleable, common), "TX_SIGNATURE_INVALID", /v, r, s/);
  });
});

describe("cacheSenderPublicKey", () => {
  it("puts a key recovered elsewhere on a frozen transaction that has none, and keeps the first one", () => {
    const tx = decodeTransaction(signed1559().serialize(), common);
    const publicKey = signed1559().getSenderPublicKey();
    assert.equal(cacheSenderPublicKey(tx, publicKey), true);
    assert.deepEqual(tx.cache.senderPubKey, publicKey);
    assert.equal(cacheSenderPublicKey(tx, new Uint8Array(64)), false);
    assert.deepEqual(tx.cache.senderPubKey, publicKey);
    // ethereumjs trusts the cache only on frozen transactions: an unfrozen one takes nothing.
    const unfrozen = createFeeMarket1559Tx({ nonce: 0n, maxFeePerGas: 1n, gasLimit: 21_000n, to }, { common, freeze: false }).sign(key);
    assert.equal(Object.isFrozen(unfrozen), false);
    assert.equal(cacheSenderPublicKey(unfrozen, publicKey), false);
    assert.equal(unfrozen.cache.senderPubKey, undefined);
  });
});
