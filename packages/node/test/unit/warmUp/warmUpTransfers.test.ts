import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChainCommon, decodeTransaction, parseGenesisJson, recoverSender } from "@eigenchain/chain";
import { hexToBytes } from "@ethereumjs/util";
import { createWarmUpGenesis, createWarmUpSenders, signWarmUpTransfers, WARM_UP_CHAIN_ID } from "../../../src/warmUp/warmUpTransfers.js";

describe("the JIT warm-up's transfers", () => {
  const senders = createWarmUpSenders(3);

  it("decode as signed EIP-1559 transfers of the warm-up chain: sender, nonce round-robin, 1 wei", () => {
    const common = createChainCommon(BigInt(WARM_UP_CHAIN_ID));
    const raws = signWarmUpTransfers(senders, 7);
    assert.equal(raws.length, 7);
    raws.forEach((raw, n) => {
      const tx = decodeTransaction(hexToBytes(raw as `0x${string}`), common);
      assert.equal(tx.type, 2);
      assert.equal(tx.common.chainId(), BigInt(WARM_UP_CHAIN_ID));
      assert.equal(recoverSender(tx).toString(), senders[n % 3]?.address);
      assert.equal(tx.nonce, BigInt(Math.floor(n / 3)));
      assert.equal(tx.value, 1n);
      assert.equal(tx.gasLimit, 21_000n);
    });
  });

  it("are signed for its own chain only: the devnet's refuses them", () => {
    const [raw] = signWarmUpTransfers(senders, 1);
    assert.throws(() => decodeTransaction(hexToBytes(raw as `0x${string}`), createChainCommon(57710n)), /invalid chain id/);
  });

  it("come with a development genesis (no validators) that funds every sender", () => {
    const genesis = parseGenesisJson(createWarmUpGenesis(senders));
    assert.equal(genesis.chainId, BigInt(WARM_UP_CHAIN_ID));
    assert.equal(genesis.validators.length, 0);
    for (const sender of senders) assert.ok((genesis.alloc.get(sender.address)?.balance ?? 0n) > 0n);
  });
});
