// test-file-timeout: 600s
// Four validators over libp2p: agreement with certificates, transaction gossip, catch-up by block sync.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createBlsBackend, ValidatorSet, verifyCommitCertificate } from "@eigenchain/consensus";
import { Wallet } from "ethers";
import { sleep, TestNetwork } from "./support/networkDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID } from "./support/nodeDsl.js";

interface RpcValidators {
  validators: { address: string; votingPower: string; blsPublicKey: string }[];
}

interface RpcCertificate {
  height: string;
  round: string;
  blockHash: string;
  signature: string;
  signers: string;
}

const hexToBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

async function signTransfer(key: string, nonce: number, to: string, value: bigint): Promise<string> {
  return new Wallet(key).signTransaction({
    type: 2,
    chainId: DEVNET_CHAIN_ID,
    nonce,
    to,
    value,
    gasLimit: 21_000,
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  });
}

describe("a network of four validators and a late full node", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, fullNodes: 1, blockTimeMs: 500 }, false);
  });

  after(async () => {
    await net?.close();
  });

  it("commits blocks that every node agrees on, each with a certificate of more than 2/3 of the power", async () => {
    await net.waitForHeight(4);
    await net.assertSameChain(4);
    const { validators } = await net.node(0).call<RpcValidators>("eigen_validators");
    assert.equal(validators.length, 4);
    const set = new ValidatorSet(
      validators.map((v) => ({ address: v.address, votingPower: Number(v.votingPower), publicKey: hexToBytes(v.blsPublicKey) })),
    );
    const bls = createBlsBackend();
    for (let n = 1; n <= 4; n++) {
      for (const node of net.running) {
        const cert = await node.call<RpcCertificate>("eigen_getCommitCertificate", [`0x${n.toString(16)}`]);
        assert.equal(cert.blockHash, await node.blockHash(n));
        const verdict = verifyCommitCertificate(bls, BigInt(DEVNET_CHAIN_ID), set, {
          height: Number(cert.height),
          round: Number(cert.round),
          blockHash: cert.blockHash,
          signature: hexToBytes(cert.signature),
          signers: hexToBytes(cert.signers),
        });
        assert.deepEqual(verdict, { status: "valid" }, `${node.name} block ${n}`);
      }
    }
    const tampered = await net.node(1).call<RpcCertificate>("eigen_getCommitCertificate", ["0x2"]);
    const forged = verifyCommitCertificate(bls, BigInt(DEVNET_CHAIN_ID), set, {
      height: 3,
      round: Number(tampered.round),
      blockHash: tampered.blockHash,
      signature: hexToBytes(tampered.signature),
      signers: hexToBytes(tampered.signers),
    });
    assert.equal(forged.status, "invalid");
    assert.equal(Number(await net.node(0).call<string>("net_peerCount")) >= 3, true);
  });

  it("gossips transactions: sent to node0, readable on node3; sent to node3, pooled on node0 before it is committed", async () => {
    const value = 123_456_789n;
    const recipient = "0x00000000000000000000000000000000000000a1";
    const hash = await net.node(0).call<string>("eth_sendRawTransaction", [await signTransfer(DEV_KEYS[0], 0, recipient, value)]);
    let receipt: { status: string } | null = null;
    for (let i = 0; i < 200 && receipt === null; i++) {
      receipt = await net.node(3).call<{ status: string } | null>("eth_getTransactionReceipt", [hash]);
      if (receipt === null) await sleep(100);
    }
    assert.equal(receipt?.status, "0x1");
    assert.equal(BigInt(await net.node(3).call<string>("eth_getBalance", [recipient, "latest"])), value);

    // Nonce 1 before nonce 0: it waits (queued) in every pool until the gap is filled, so it cannot be
    // committed before node0's pool shows it.
    const sender = DEV_ADDRESSES[1].toLowerCase();
    const second = await signTransfer(DEV_KEYS[1], 1, recipient, 1n);
    await net.node(3).call("eth_sendRawTransaction", [second]);
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      const content = await net.node(0).call<{ queued: Record<string, Record<string, unknown>> }>("txpool_content");
      seen = Object.keys(content.queued).some(
        (address) => address.toLowerCase() === sender && content.queued[address]?.["1"] !== undefined,
      );
      if (!seen) await sleep(100);
    }
    assert.ok(seen, "node0's txpool_content never showed the transaction sent to node3");
    await net.node(3).call("eth_sendRawTransaction", [await signTransfer(DEV_KEYS[1], 0, recipient, 1n)]);
    for (let i = 0; i < 200; i++) {
      if (BigInt(await net.node(0).call<string>("eth_getTransactionCount", [DEV_ADDRESSES[1], "latest"])) === 2n) break;
      await sleep(100);
    }
    assert.equal(BigInt(await net.node(0).call<string>("eth_getTransactionCount", [DEV_ADDRESSES[1], "latest"])), 2n);
  });

  it("a full node started after height 20 catches up, and eth_syncing shows progress while it does", async () => {
    await net.waitForHeight(20, 120_000);
    const full = net.node(4);
    full.start();
    const seen: unknown[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        try {
          const syncing = await full.call("eth_syncing");
          if (syncing !== false) seen.push(syncing);
        } catch {
          // not serving yet
        }
        await sleep(20);
      }
    })();
    try {
      await full.waitUntilServing();
      const target = await net.node(0).height();
      await full.waitForHeight(target, 120_000);
    } finally {
      polling = false;
      await poller;
    }
    assert.ok(seen.length > 0, `eth_syncing never reported progress:\n${full.output().slice(-3000)}`);
    const progress = seen[0] as { startingBlock: string; currentBlock: string; highestBlock: string };
    assert.ok(BigInt(progress.highestBlock) >= 20n);
    assert.ok(BigInt(progress.currentBlock) <= BigInt(progress.highestBlock));
    assert.match(full.output(), /Sync progress/);
    assert.equal(await full.blockHash(20), await net.node(0).blockHash(20));
  });

  it("a validator whose data folder was wiped restarts and syncs to the head from its peers", async () => {
    const node = net.node(2);
    await node.stop();
    net.wipe(2);
    const before = await net.node(0).height();
    node.start();
    await node.waitUntilServing();
    await node.waitForHeight(before + 2, 120_000);
    const height = await net.node(0).height();
    await net.waitForHeight(height, 60_000);
    await net.assertSameChain(height);
  });
});
