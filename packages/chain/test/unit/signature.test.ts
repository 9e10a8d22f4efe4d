import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RLP } from "@ethereumjs/rlp";
import type { TypedTransaction } from "@ethereumjs/tx";
import {
  createAccessList2930Tx,
  createEOACode7702Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
  createLegacyTxFromBytesArray,
  createTxFromRLP,
} from "@ethereumjs/tx";
import { bigIntToUnpaddedBytes, bytesToHex, concatBytes, ecrecover, eoaCode7702SignAuthorization, publicToAddress } from "@ethereumjs/util";
import {
  createParallelTransaction,
  decodeBlockTransaction,
  decodeTransaction,
  hasNonCanonicalSignature,
  isEigenError,
  recoverSender,
  SECP256K1_N_DIV_2,
} from "../../src/index.js";
import { common, key, to } from "./fixtures.js";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const sender = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const fees = { maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1n };

/** One signed transaction of every type this chain executes. */
const signers: { desc: string; sign: () => TypedTransaction }[] = [
  {
    desc: "legacy (EIP-155)",
    sign: () => createLegacyTx({ nonce: 3n, gasPrice: 10n, gasLimit: 21_000n, to, value: 1n }, { common }).sign(key),
  },
  {
    desc: "EIP-2930 (0x01)",
    sign: () => createAccessList2930Tx({ chainId: 57710n, gasPrice: 10n, gasLimit: 30_000n, to }, { common }).sign(key),
  },
  {
    desc: "EIP-1559 (0x02)",
    sign: () => createFeeMarket1559Tx({ chainId: 57710n, ...fees, gasLimit: 21_000n, to }, { common }).sign(key),
  },
  {
    desc: "EIP-7702 (0x04)",
    sign: () =>
      createEOACode7702Tx(
        {
          chainId: 57710n,
          ...fees,
          gasLimit: 60_000n,
          to,
          authorizationList: [eoaCode7702SignAuthorization({ chainId: "0xe16e", address: to, nonce: "0x0" }, key)],
        },
        { common },
      ).sign(key),
  },
  {
    desc: "EIGENChain parallel (0x05)",
    sign: () => createParallelTransaction({ chainId: 57710n, ...fees, gasLimit: 30_000n, to }, { common }).sign(key),
  },
];

/**
 * The malleable twin geth and EIP-2 refuse: s replaced by n − s and the recovery parity flipped, a
 * signature that recovers the very same sender without the low-s rule.
 */
function highSTwin(tx: TypedTransaction): { raw: Uint8Array; v: bigint; s: bigint } {
  const fields = tx.raw() as Uint8Array[];
  // Legacy v = 35 + 2·chainId + parity (EIP-155); typed transactions carry the parity itself.
  const base = tx.type === 0 ? 35n + 2n * 57710n : 0n;
  const v = base + (1n - (tx.v! - base));
  const s = N - tx.s!;
  fields[fields.length - 3] = bigIntToUnpaddedBytes(v);
  fields[fields.length - 1] = bigIntToUnpaddedBytes(s);
  const body = RLP.encode(fields);
  return { raw: tx.type === 0 ? body : concatBytes(Uint8Array.of(tx.type), body), v, s };
}

/** ethereumjs's own judgement of the twin: built and asked for its sender, with no cache involved. */
function ethereumjsVerdict(raw: Uint8Array, type: number): "valid" | "invalid" {
  try {
    const tx = type === 5 ? decodeBlockTransactionUnchecked(raw) : createTxFromRLP(raw, { common });
    tx.getSenderAddress();
    return "valid";
  } catch {
    return "invalid";
  }
}

/** The 0x05 type is ours, so its ethereumjs verdict is its base class's (FeeMarket1559Tx) constructor. */
function decodeBlockTransactionUnchecked(raw: Uint8Array): TypedTransaction {
  return createFeeMarket1559Tx(
    Object.fromEntries(
      ["chainId", "nonce", "maxPriorityFeePerGas", "maxFeePerGas", "gasLimit", "to", "value", "data", "accessList", "v", "r", "s"].map(
        (name, i) => [name, (RLP.decode(raw.subarray(1)) as Uint8Array[])[i]],
      ),
    ) as never,
    { common },
  );
}

function assertSignatureRefused(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(isEigenError(err, "TX_SIGNATURE_INVALID"), `expected TX_SIGNATURE_INVALID, got ${String(err)}`);
    assert.equal((err as Error).message, "invalid transaction v, r, s values");
    return true;
  });
}

describe("EIP-2: signatures with s above secp256k1n/2", () => {
  for (const { desc, sign } of signers) {
    describe(desc, () => {
      const tx = sign();
      const twin = highSTwin(tx);

      it("the canonical signature is accepted, low s", () => {
        assert.ok(tx.s! <= SECP256K1_N_DIV_2);
        assert.equal(hasNonCanonicalSignature(tx), false);
        assert.equal(recoverSender(decodeTransaction(tx.serialize(), common)).toString(), sender);
      });

      it("the twin recovers the same sender when s is not checked (it is a real malleation)", () => {
        const recid = tx.type === 0 ? twin.v - 35n - 2n * 57710n : twin.v;
        const pub = ecrecover(tx.getMessageToVerifySignature(), recid + 27n, bigIntToUnpaddedBytes(tx.r!), bigIntToUnpaddedBytes(twin.s));
        assert.equal(bytesToHex(publicToAddress(pub)), sender);
      });

      it("ethereumjs's own validation refuses the twin", () => {
        assert.equal(ethereumjsVerdict(twin.raw, tx.type), "invalid");
      });

      it("decodeTransaction (RPC and pool admission) refuses it with geth's text", () => {
        assertSignatureRefused(() => decodeTransaction(twin.raw, common));
      });

      it("decodeBlockTransaction (block import) refuses it", () => {
        assert.throws(() => decodeBlockTransaction(twin.raw, common));
      });
    });
  }

  it("a legacy twin built in memory is flagged, and recoverSender refuses it even with a cached public key", () => {
    const tx = signers[0]!.sign();
    const twin = highSTwin(tx);
    const built = createLegacyTxFromBytesArray(RLP.decode(twin.raw) as Uint8Array[], { common });
    assert.equal(hasNonCanonicalSignature(built), true);
    // What the pool does after recovering: the key is cached, and ethereumjs then skips its check.
    built.cache.senderPubKey = tx.getSenderPublicKey();
    assert.equal(built.getSenderAddress().toString(), sender);
    assertSignatureRefused(() => recoverSender(built));
  });

  it("s exactly n/2 is still canonical; n/2 + 1 is not", () => {
    const tx = signers[0]!.sign();
    const fields = tx.raw() as Uint8Array[];
    for (const [s, flagged] of [
      [SECP256K1_N_DIV_2, false],
      [SECP256K1_N_DIV_2 + 1n, true],
    ] as const) {
      fields[8] = bigIntToUnpaddedBytes(s);
      assert.equal(hasNonCanonicalSignature(createLegacyTxFromBytesArray(fields, { common })), flagged);
    }
  });
});
