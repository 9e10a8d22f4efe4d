import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ContractTransactionResponse, TransactionReceipt } from "ethers";
import { Contract, ContractFactory, isError, JsonRpcProvider, parseEther, Wallet, WebSocketProvider } from "ethers";
import { compileCounter } from "./support/counterContract.js";
import type { TestNode } from "./support/nodeDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, killAll, restartNode, startNode, stopNode } from "./support/nodeDsl.js";

describe("ethers v6 against a node process", () => {
  let node: TestNode;
  let provider: JsonRpcProvider;
  let wallet: Wallet;
  let counter: Contract;
  let transferReceipt: TransactionReceipt;
  let incrementReceipt: TransactionReceipt;

  const connect = (target: TestNode): JsonRpcProvider => {
    // cacheTimeout -1: ethers shares identical requests made within 250 ms, so the nonce it read
    // for the deploy came back again for the next call when the block landed that fast ("nonce
    // has already been used"; the node's pending nonce was already right).
    const p = new JsonRpcProvider(target.url, DEVNET_CHAIN_ID, { staticNetwork: true, pollingInterval: 100, cacheTimeout: -1 });
    p.pollingInterval = 100;
    return p;
  };

  /**
   * Stops ethers' polling and lets a request already in flight (tx.wait's receipt poll) come back
   * before destroying the provider: destroying it under a pending request throws "provider destroyed"
   * from ethers' internals after the test has ended.
   */
  const closeProvider = async (p: JsonRpcProvider | undefined): Promise<void> => {
    if (p === undefined) return;
    await p.removeAllListeners();
    await new Promise((resolve) => setTimeout(resolve, 500));
    p.destroy();
  };

  before(async () => {
    node = await startNode();
    provider = connect(node);
    wallet = new Wallet(DEV_KEYS[0], provider);
  });

  after(async () => {
    await closeProvider(provider);
    if (node !== undefined) await stopNode(node);
    await killAll();
  });

  it("reports the devnet chain", async () => {
    const network = await provider.getNetwork();
    assert.equal(network.chainId, BigInt(DEVNET_CHAIN_ID));
    assert.equal(await provider.getBalance(DEV_ADDRESSES[2]), parseEther("10000"));
  });

  it("sends an ETH transfer and waits for its receipt", async () => {
    const tx = await wallet.sendTransaction({ to: DEV_ADDRESSES[1], value: parseEther("1.5") });
    const receipt = await tx.wait();
    assert.ok(receipt);
    assert.equal(receipt.status, 1);
    assert.equal(receipt.gasUsed, 21000n);
    transferReceipt = receipt;
    assert.equal(await provider.getBalance(DEV_ADDRESSES[1]), parseEther("10001.5"));
    const fetched = await provider.getTransaction(tx.hash);
    assert.equal(fetched?.from, DEV_ADDRESSES[0]);
    assert.equal(fetched?.blockNumber, receipt.blockNumber);
  });

  it("deploys a solc-compiled contract, calls it and transacts with it", async () => {
    const { abi, bytecode } = compileCounter();
    const factory = new ContractFactory(abi, bytecode, wallet);
    const deployed = await factory.deploy();
    await deployed.waitForDeployment();
    counter = new Contract(await deployed.getAddress(), abi, wallet);
    assert.notEqual(await provider.getCode(await counter.getAddress()), "0x");
    assert.equal(await counter.getFunction("count")(), 0n);
    const tx = (await counter.getFunction("increment")()) as ContractTransactionResponse;
    const receipt = await tx.wait();
    assert.ok(receipt);
    assert.equal(receipt.status, 1);
    incrementReceipt = receipt;
    assert.equal(await counter.getFunction("count")(), 1n);
  });

  it("reads the contract's event logs with eth_getLogs", async () => {
    const logs = await provider.getLogs({ address: await counter.getAddress(), fromBlock: 0, toBlock: "latest" });
    assert.equal(logs.length, 1);
    const parsed = counter.interface.parseLog(logs[0]!);
    assert.equal(parsed?.name, "Incremented");
    assert.equal(parsed?.args[0], DEV_ADDRESSES[0]);
    assert.equal(parsed?.args[1], 1n);
    assert.equal(logs[0]!.transactionHash, incrementReceipt.hash);
    const events = await counter.queryFilter(counter.filters.Incremented!(DEV_ADDRESSES[0]), 0);
    assert.equal(events.length, 1);
  });

  it("receives the event over a WebSocket subscription", async () => {
    const wsProvider = new WebSocketProvider(node.wsUrl, DEVNET_CHAIN_ID, { staticNetwork: true });
    try {
      const watched = new Contract(await counter.getAddress(), counter.interface, wsProvider);
      const received = new Promise<bigint>((resolve) => {
        void watched.on("Incremented", (_by: string, newCount: bigint) => resolve(newCount));
      });
      // Give the subscription a moment to be installed before the event fires.
      await new Promise((r) => setTimeout(r, 300));
      const tx = (await counter.getFunction("increment")()) as ContractTransactionResponse;
      await tx.wait();
      const newCount = await Promise.race([
        received,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event")), 15_000)),
      ]);
      assert.equal(newCount, 2n);
      await watched.removeAllListeners();
    } finally {
      await wsProvider.destroy();
    }
  });

  it("gets a decoded revert reason from eth_call and eth_estimateGas", async () => {
    await assert.rejects(counter.getFunction("failWithReason").staticCall(), (err: unknown) => {
      assert.ok(isError(err, "CALL_EXCEPTION"), String(err));
      assert.equal(err.reason, "counter: always fails");
      return true;
    });
    await assert.rejects(counter.getFunction("incrementThenFail")(), (err: unknown) => {
      assert.ok(isError(err, "CALL_EXCEPTION"), String(err));
      assert.equal(err.reason, "counter: write refused");
      return true;
    });
  });

  it("classifies transaction rejections by geth's messages", async () => {
    const nonce = await provider.getTransactionCount(DEV_ADDRESSES[0]);
    await assert.rejects(wallet.sendTransaction({ to: DEV_ADDRESSES[1], value: 1n, nonce: nonce - 1 }), (err: unknown) => {
      assert.ok(isError(err, "NONCE_EXPIRED"), String(err));
      return true;
    });
    const pauper = Wallet.createRandom().connect(provider);
    await assert.rejects(pauper.sendTransaction({ to: DEV_ADDRESSES[1], value: 1n, gasLimit: 21000n }), (err: unknown) => {
      assert.ok(isError(err, "INSUFFICIENT_FUNDS"), String(err));
      return true;
    });
  });

  it("restarts and serves the same balances, blocks and receipts", async () => {
    const height = await provider.getBlockNumber();
    const blocksBefore = await Promise.all(Array.from({ length: height + 1 }, (_, n) => provider.getBlock(n)));
    const balances = await Promise.all(DEV_ADDRESSES.map((a) => provider.getBalance(a)));
    const countBefore = (await counter.getFunction("count")()) as bigint;
    await closeProvider(provider);

    node = await restartNode(node);
    provider = connect(node);
    wallet = new Wallet(DEV_KEYS[0], provider);
    counter = counter.connect(wallet) as Contract;

    // Empty blocks may have been produced between the snapshot and the shutdown.
    assert.ok((await provider.getBlockNumber()) >= height);
    for (const [n, before] of blocksBefore.entries()) {
      const block = await provider.getBlock(n);
      assert.equal(block?.hash, before?.hash, `block ${n}`);
      assert.equal(block?.stateRoot, before?.stateRoot, `block ${n} state root`);
    }
    assert.deepEqual(await Promise.all(DEV_ADDRESSES.map((a) => provider.getBalance(a))), balances);
    const receipt = await provider.getTransactionReceipt(transferReceipt.hash);
    assert.equal(receipt?.blockHash, transferReceipt.blockHash);
    assert.equal(receipt?.gasUsed, transferReceipt.gasUsed);
    assert.equal(await counter.getFunction("count")(), countBefore);

    // And the chain goes on from there.
    const tx = await wallet.sendTransaction({ to: DEV_ADDRESSES[2], value: 1n });
    const next = await tx.wait();
    assert.ok((next?.blockNumber ?? 0) > height);
  });
});
