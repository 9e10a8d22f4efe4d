import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Abi, Address, Hash, PublicClient, TransactionReceipt, WalletClient } from "viem";
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  InsufficientFundsError,
  NonceTooLowError,
  parseEther,
  webSocket,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { compileCounter } from "./support/counterContract.js";
import type { TestNode } from "./support/nodeDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, killAll, restartNode, startNode, stopNode } from "./support/nodeDsl.js";

function findRevert(err: unknown): ContractFunctionRevertedError | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const found = err.walk((e) => e instanceof ContractFunctionRevertedError);
  return found instanceof ContractFunctionRevertedError ? found : undefined;
}

describe("viem 2 against a node process", () => {
  let node: TestNode;
  let publicClient: PublicClient;
  let walletClient: WalletClient;
  const account = privateKeyToAccount(DEV_KEYS[1]);
  const { abi: rawAbi, bytecode } = compileCounter();
  const abi = rawAbi as Abi;
  let counterAddress: Address;
  let transferReceipt: TransactionReceipt;

  const connect = (target: TestNode): void => {
    const chain = defineChain({
      id: DEVNET_CHAIN_ID,
      name: "EIGENChain devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [target.url], webSocket: [target.wsUrl] } },
    });
    publicClient = createPublicClient({ chain, transport: http(target.url), pollingInterval: 100 });
    walletClient = createWalletClient({ chain, transport: http(target.url), account, pollingInterval: 100 });
  };

  const waitForReceipt = (hash: Hash) => publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 30_000 });

  before(async () => {
    node = await startNode();
    connect(node);
  });

  after(async () => {
    if (node !== undefined) await stopNode(node);
    await killAll();
  });

  it("reports the devnet chain", async () => {
    assert.equal(await publicClient.getChainId(), DEVNET_CHAIN_ID);
    assert.equal(await publicClient.getBalance({ address: DEV_ADDRESSES[2] }), parseEther("10000"));
  });

  it("sees BLOCKHASH's whole window in eth_call, not only the parent's hash", async () => {
    while ((await publicClient.getBlockNumber()) < 4n) await new Promise((resolve) => setTimeout(resolve, 100));
    const at = await publicClient.getBlockNumber();
    const target = at - 3n;
    // Creation code that returns BLOCKHASH(target): PUSH2 target, BLOCKHASH, MSTORE at 0, RETURN 32 bytes.
    const code = `0x61${target.toString(16).padStart(4, "0")}4060005260206000f3` as const;
    const { data } = await publicClient.call({ data: code, blockNumber: at });
    assert.equal(data, (await publicClient.getBlock({ blockNumber: target })).hash);
  });

  it("sends an ETH transfer and waits for its receipt", async () => {
    const hash = await walletClient.sendTransaction({
      account,
      chain: walletClient.chain,
      to: DEV_ADDRESSES[2],
      value: parseEther("2"),
    });
    transferReceipt = await waitForReceipt(hash);
    assert.equal(transferReceipt.status, "success");
    assert.equal(transferReceipt.from.toLowerCase(), DEV_ADDRESSES[1].toLowerCase());
    assert.equal(await publicClient.getBalance({ address: DEV_ADDRESSES[2] }), parseEther("10002"));
    const tx = await publicClient.getTransaction({ hash });
    assert.equal(tx.blockNumber, transferReceipt.blockNumber);
  });

  it("deploys a solc-compiled contract, reads it and writes to it", async () => {
    const deployHash = await walletClient.deployContract({ account, chain: walletClient.chain, abi, bytecode });
    const deployReceipt = await waitForReceipt(deployHash);
    assert.equal(deployReceipt.status, "success");
    assert.ok(deployReceipt.contractAddress);
    counterAddress = deployReceipt.contractAddress;
    assert.equal(await publicClient.readContract({ address: counterAddress, abi, functionName: "count" }), 0n);
    const { request } = await publicClient.simulateContract({
      address: counterAddress,
      abi,
      functionName: "increment",
      account,
    });
    const receipt = await waitForReceipt(await walletClient.writeContract(request));
    assert.equal(receipt.status, "success");
    assert.equal(await publicClient.readContract({ address: counterAddress, abi, functionName: "count" }), 1n);
  });

  it("reads event logs with eth_getLogs", async () => {
    const events = await publicClient.getContractEvents({
      address: counterAddress,
      abi,
      eventName: "Incremented",
      fromBlock: 0n,
    });
    assert.equal(events.length, 1);
    const args = events[0]!.args as { by: Address; newCount: bigint };
    assert.equal(args.by.toLowerCase(), DEV_ADDRESSES[1].toLowerCase());
    assert.equal(args.newCount, 1n);
    const raw = await publicClient.getLogs({ address: counterAddress, fromBlock: 0n, toBlock: "latest" });
    assert.equal(raw.length, 1);
    assert.equal(raw[0]!.logIndex, events[0]!.logIndex);
  });

  it("receives events and new heads over a WebSocket subscription", async () => {
    // No reconnects and no keep-alive timer: once the test closes the socket nothing may keep this
    // process alive or fire callbacks after the test (it used to hang the test run).
    const wsClient = createPublicClient({ transport: webSocket(node.wsUrl, { reconnect: false, keepAlive: false }) });
    const unwatches: (() => void)[] = [];
    const timers: ReturnType<typeof setTimeout>[] = [];
    try {
      const gotLog = new Promise<bigint>((resolve) => {
        unwatches.push(
          wsClient.watchContractEvent({
            address: counterAddress,
            abi,
            eventName: "Incremented",
            onLogs: (logs) => resolve((logs[0] as unknown as { args: { newCount: bigint } }).args.newCount),
            onError: () => {},
          }),
        );
      });
      const gotHead = new Promise<bigint>((resolve) => {
        unwatches.push(
          wsClient.watchBlocks({
            onBlock: (block) => {
              if (block !== undefined) resolve(block.number);
            },
            onError: () => {},
          }),
        );
      });
      await new Promise((r) => setTimeout(r, 300));
      const { request } = await publicClient.simulateContract({
        address: counterAddress,
        abi,
        functionName: "increment",
        account,
      });
      await waitForReceipt(await walletClient.writeContract(request));
      const timeout = new Promise<never>((_, reject) => {
        timers.push(setTimeout(() => reject(new Error("no notification")), 15_000));
      });
      assert.equal(await Promise.race([gotLog, timeout]), 2n);
      assert.ok((await Promise.race([gotHead, timeout])) > 0n);
    } finally {
      for (const timer of timers) clearTimeout(timer);
      for (const unwatch of unwatches) unwatch();
      await wsClient.transport.getRpcClient().then((c) => c.close());
    }
  });

  it("gets a decoded revert reason", async () => {
    await assert.rejects(
      publicClient.simulateContract({ address: counterAddress, abi, functionName: "failWithReason", account }),
      (err: unknown) => {
        assert.equal(findRevert(err)?.reason, "counter: always fails", String(err));
        return true;
      },
    );
    await assert.rejects(
      walletClient.writeContract({
        address: counterAddress,
        abi,
        functionName: "incrementThenFail",
        account,
        chain: walletClient.chain,
      }),
      (err: unknown) => {
        assert.equal(findRevert(err)?.reason, "counter: write refused", String(err));
        return true;
      },
    );
  });

  it("classifies transaction rejections by geth's messages", async () => {
    const nonce = await publicClient.getTransactionCount({ address: account.address });
    await assert.rejects(
      walletClient.sendTransaction({
        account,
        chain: walletClient.chain,
        to: DEV_ADDRESSES[0],
        value: 1n,
        nonce: nonce - 1,
        gas: 21000n,
      }),
      (err: unknown) => {
        assert.ok(err instanceof BaseError && err.walk((e) => e instanceof NonceTooLowError), String(err));
        return true;
      },
    );
    const pauper = privateKeyToAccount(generatePrivateKey());
    await assert.rejects(
      walletClient.sendTransaction({
        account: pauper,
        chain: walletClient.chain,
        to: DEV_ADDRESSES[0],
        value: 1n,
        gas: 21000n,
      }),
      (err: unknown) => {
        assert.ok(err instanceof BaseError && err.walk((e) => e instanceof InsufficientFundsError), String(err));
        return true;
      },
    );
  });

  it("restarts and serves the same balances, blocks and receipts", async () => {
    const height = await publicClient.getBlockNumber();
    const blocks = await Promise.all(
      Array.from({ length: Number(height) + 1 }, (_, n) => publicClient.getBlock({ blockNumber: BigInt(n) })),
    );
    const balances = await Promise.all(DEV_ADDRESSES.map((address) => publicClient.getBalance({ address })));
    const count = await publicClient.readContract({ address: counterAddress, abi, functionName: "count" });

    node = await restartNode(node);
    connect(node);

    assert.ok((await publicClient.getBlockNumber()) >= height);
    for (const before of blocks) {
      const block = await publicClient.getBlock({ blockNumber: before.number });
      assert.equal(block.hash, before.hash);
      assert.equal(block.stateRoot, before.stateRoot);
    }
    assert.deepEqual(await Promise.all(DEV_ADDRESSES.map((address) => publicClient.getBalance({ address }))), balances);
    const receipt = await publicClient.getTransactionReceipt({ hash: transferReceipt.transactionHash });
    assert.equal(receipt.blockHash, transferReceipt.blockHash);
    assert.equal(receipt.gasUsed, transferReceipt.gasUsed);
    assert.equal(await publicClient.readContract({ address: counterAddress, abi, functionName: "count" }), count);
  });
});
