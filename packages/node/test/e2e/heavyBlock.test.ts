// test-file-timeout: 600s
// Valid but heavy: one transaction that burns all the gas a block gives code (30M of the devnet's 60M;
// plain transfers may fill the rest) in a cheap-opcode loop (seconds of EVM time here, longer than the
// propose timeout) is committed by four validators, who then go on. One that asks for more is refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Wallet } from "ethers";
import { sleep, TestNetwork } from "./support/networkDsl.js";
import { DEV_KEYS, DEVNET_CHAIN_ID } from "./support/nodeDsl.js";

/** Init code that deploys `JUMPDEST NUMBER PUSH1 0 MSTORE PUSH1 0 JUMP`: a loop that runs until the gas is gone. */
const LOOP_INIT_CODE = "0x685b436000526000560060005260096017f3";
const LOOP_RUNTIME = "0x5b4360005260005600";
/** What a block gives transactions that can run code (the node's `CODE_GAS_PER_BLOCK`). */
const CODE_GAS_PER_BLOCK = 30_000_000;
const FEES = { type: 2, chainId: DEVNET_CHAIN_ID, maxFeePerGas: 100_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };

interface RpcReceipt {
  status: string;
  gasUsed: string;
  blockNumber: string;
  contractAddress: string | null;
}

/**
 * Polls node0 for the receipt. A node executing the heavy block answers late (the block runs on its main
 * thread, seconds more on a loaded machine): a request that times out is asked again; any other failure
 * (a reset connection) fails the test.
 */
async function waitForReceipt(net: TestNetwork, hash: string, timeoutMs: number): Promise<RpcReceipt> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const receipt = await net
      .node(0)
      .call<RpcReceipt | null>("eth_getTransactionReceipt", [hash])
      .catch((err: unknown) => {
        if (err instanceof DOMException && err.name === "TimeoutError") return null;
        throw err;
      });
    if (receipt !== null) return receipt;
    await sleep(250);
  }
  throw new Error(`no receipt for ${hash} in ${timeoutMs} ms`);
}

describe("a transaction that takes all the gas a block gives code, on four validators", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 1000 });
    await net.waitForHeight(2, 120_000);
  });

  after(async () => {
    await net?.close();
  });

  it("is committed (out of gas, all 30M used), every node agrees, and blocks keep coming", async () => {
    const sender = new Wallet(DEV_KEYS[0] ?? "");
    const deploy = await sender.signTransaction({ ...FEES, nonce: 0, data: LOOP_INIT_CODE, gasLimit: 100_000 });
    const deployed = await waitForReceipt(net, await net.node(0).call<string>("eth_sendRawTransaction", [deploy]), 60_000);
    const loop = deployed.contractAddress ?? "";
    assert.equal(await net.node(0).call("eth_getCode", [loop, "latest"]), LOOP_RUNTIME);

    const tooHeavy = await sender.signTransaction({ ...FEES, nonce: 1, to: loop, gasLimit: CODE_GAS_PER_BLOCK + 1 });
    await assert.rejects(
      net.node(1).call("eth_sendRawTransaction", [tooHeavy]),
      /exceeds block gas limit: a transaction that can run code/,
    );
    const heavy = await sender.signTransaction({ ...FEES, nonce: 1, to: loop, gasLimit: CODE_GAS_PER_BLOCK });
    const receipt = await waitForReceipt(net, await net.node(1).call<string>("eth_sendRawTransaction", [heavy]), 300_000);
    assert.equal(receipt.status, "0x0");
    assert.equal(Number(receipt.gasUsed), CODE_GAS_PER_BLOCK);

    const height = Number(receipt.blockNumber);
    await net.waitForHeight(height + 2, 120_000);
    await net.assertSameChain(height + 2);
  });
});
