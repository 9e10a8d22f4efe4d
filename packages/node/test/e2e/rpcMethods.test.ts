import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { keccak256 } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { hexToBytes } from "@ethereumjs/util";
import type { Abi, Address, Hash, Hex, PublicClient, WalletClient } from "viem";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseEther,
  verifyMessage,
  verifyTypedData,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { compileCounter } from "./support/counterContract.js";
import type { TestNode } from "./support/nodeDsl.js";
import { DEV_ADDRESSES, DEV_KEYS, DEVNET_CHAIN_ID, killAll, rpcCall, startNode, stopNode } from "./support/nodeDsl.js";

const SLOT_0 = `0x${"0".repeat(64)}` as Hex;

type Rlp = Uint8Array | Rlp[];

/**
 * A Merkle-Patricia proof walk (what a light client does): from `root`, each node must hash to the
 * reference its parent holds (or be embedded in it), following the key's nibbles. Returns the leaf
 * value, or null when the proof shows the key absent.
 */
function verifyProof(root: Uint8Array, key: Uint8Array, proof: Uint8Array[]): Uint8Array | null {
  const nibbles = [...keccak256(key)].flatMap((b) => [b >> 4, b & 15]);
  let expected: Rlp = root;
  let depth = 0;
  for (let i = 0; ; ) {
    let node: Rlp;
    if (expected instanceof Uint8Array) {
      const enc = proof[i++];
      assert.ok(enc !== undefined, "proof ends too early");
      assert.deepEqual(keccak256(enc), expected, `proof node ${i - 1} does not hash to its reference`);
      node = RLP.decode(enc) as Rlp;
    } else node = expected;
    const items = node as Rlp[];
    if (items.length === 17) {
      const child = items[nibbles[depth++]!]!;
      if (child instanceof Uint8Array && child.length === 0) return null;
      expected = child;
      continue;
    }
    const path = items[0] as Uint8Array;
    const flag = path[0]! >> 4;
    const pathNibbles = [...path].flatMap((b) => [b >> 4, b & 15]).slice(flag & 1 ? 1 : 2);
    const matches = pathNibbles.every((n, j) => nibbles[depth + j] === n);
    if (!matches) return null;
    depth += pathNibbles.length;
    if (flag >= 2) return depth === 64 ? (items[1] as Uint8Array) : null;
    expected = items[1]!;
  }
}

/** The issue-16 methods on one devnet node: viem where it calls them, raw JSON-RPC for the rest. */
describe("JSON-RPC methods of the conformance suite (one node)", () => {
  let node: TestNode;
  let publicClient: PublicClient;
  let walletClient: WalletClient;
  const account = privateKeyToAccount(DEV_KEYS[2]);
  const { abi: rawAbi, bytecode } = compileCounter();
  const abi = rawAbi as Abi;
  let counter: Address;
  let incrementHash: Hash;

  const call = async (method: string, params: unknown[] = []) => {
    const response = await rpcCall(node, method, params);
    if (response.error !== undefined) throw new Error(`${method}: ${response.error.code} ${response.error.message}`);
    return response.result as never;
  };
  const callError = async (method: string, params: unknown[]) => {
    const response = await rpcCall(node, method, params);
    assert.ok(response.error !== undefined, `${method} should fail: ${JSON.stringify(response.result)}`);
    return response.error;
  };
  const waitForReceipt = (hash: Hash) => publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 30_000 });

  before(async () => {
    node = await startNode({ extraArgs: ["--dev.unlocked"] });
    const chain = defineChain({
      id: DEVNET_CHAIN_ID,
      name: "EIGENChain devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [node.url] } },
    });
    publicClient = createPublicClient({ chain, transport: http(node.url), pollingInterval: 100 });
    walletClient = createWalletClient({ chain, transport: http(node.url), account, pollingInterval: 100 });
    const deploy = await waitForReceipt(await walletClient.deployContract({ account, chain, abi, bytecode }));
    counter = deploy.contractAddress!;
    incrementHash = await walletClient.writeContract({ account, chain, address: counter, abi, functionName: "increment" });
    await waitForReceipt(incrementHash);
  });

  after(async () => {
    if (node !== undefined) await stopNode(node);
    await killAll();
  });

  it("eth_capabilities names the head and serves every resource from genesis (an archive node)", async () => {
    const caps = (await call("eth_capabilities")) as Record<
      string,
      { disabled?: boolean; oldestBlock?: string; number?: string; hash?: string }
    >;
    const head = await publicClient.getBlock();
    assert.ok(BigInt(caps.head!.number!) >= head.number, `head ${caps.head!.number} behind ${head.number}`);
    assert.match(caps.head!.hash!, /^0x[0-9a-f]{64}$/);
    for (const resource of ["state", "tx", "logs", "receipts", "blocks", "stateproofs"]) {
      assert.deepEqual(caps[resource], { disabled: false, oldestBlock: "0x0" }, resource);
    }
    assert.equal((await callError("eth_capabilities", [1])).code, -32602);
  });

  it("eth_baseFee is the next block's base fee; eth_blobBaseFee the head's blob base fee", async () => {
    const head = await publicClient.getBlock();
    const baseFee = BigInt(await call("eth_baseFee"));
    assert.ok(baseFee > 0n && baseFee <= head.baseFeePerGas! * 2n, `base fee ${baseFee}`);
    assert.equal(BigInt(await call("eth_blobBaseFee")), head.excessBlobGas === undefined ? 0n : 1n);
    assert.equal((await callError("eth_baseFee", [1])).code, -32602);
  });

  it("eth_config (EIP-7910): the devnet's one set of rules, its precompiles and fork id", async () => {
    const config = (await call("eth_config")) as { current: Record<string, unknown>; next: unknown; last: unknown };
    assert.equal(config.current.chainId, `0x${DEVNET_CHAIN_ID.toString(16)}`);
    assert.equal(config.current.activationTime, 0);
    assert.match(config.current.forkId as string, /^0x[0-9a-f]{8}$/);
    const precompiles = config.current.precompiles as Record<string, string>;
    assert.equal(precompiles.ECREC, "0x0000000000000000000000000000000000000001");
    assert.equal(Object.keys(precompiles).length, 17, "Prague's precompiles");
    assert.deepEqual(config.current.systemContracts, {});
    assert.deepEqual(config.current.blobSchedule, { baseFeeUpdateFraction: 5007716, max: 9, target: 6 });
    assert.equal(config.next, null);
    assert.equal(config.last, null);
  });

  it("eth_getStorageValues reads many slots of many accounts, and refuses an empty request", async () => {
    const result = await call("eth_getStorageValues", [
      { [counter]: [SLOT_0, `0x${"0".repeat(63)}1`], [DEV_ADDRESSES[0]]: [SLOT_0] },
      "latest",
    ]);
    assert.deepEqual(result, {
      [counter.toLowerCase()]: [`0x${"0".repeat(63)}1`, `0x${"0".repeat(64)}`],
      [DEV_ADDRESSES[0].toLowerCase()]: [`0x${"0".repeat(64)}`],
    });
    assert.deepEqual(await callError("eth_getStorageValues", [{}, "latest"]), { code: -32602, message: "empty request" });
  });

  it("eth_getBlockReceipts through viem, and by number, tag and hash", async () => {
    const receipt = await publicClient.getTransactionReceipt({ hash: incrementHash });
    const receipts = await publicClient.getBlockReceipts({ blockNumber: receipt.blockNumber });
    assert.equal(receipts[receipt.transactionIndex]!.transactionHash, incrementHash);
    assert.equal(receipts[receipt.transactionIndex]!.logs.length, 1);
    const byHash = (await call("eth_getBlockReceipts", [receipt.blockHash])) as { transactionHash: string }[];
    assert.deepEqual(
      byHash.map((r) => r.transactionHash),
      receipts.map((r) => r.transactionHash),
    );
    assert.deepEqual(await call("eth_getBlockReceipts", ["0x0"]), []);
  });

  it("eth_getTransactionByBlockHashAndIndex / ByBlockNumberAndIndex", async () => {
    const receipt = await publicClient.getTransactionReceipt({ hash: incrementHash });
    const index = `0x${receipt.transactionIndex.toString(16)}`;
    const byHash = (await call("eth_getTransactionByBlockHashAndIndex", [receipt.blockHash, index])) as { hash: string };
    const byNumber = (await call("eth_getTransactionByBlockNumberAndIndex", [`0x${receipt.blockNumber.toString(16)}`, index])) as {
      hash: string;
    };
    assert.equal(byHash.hash, incrementHash);
    assert.deepEqual(byNumber, byHash);
    assert.equal(await call("eth_getTransactionByBlockHashAndIndex", [receipt.blockHash, "0x63"]), null);
  });

  it("debug_getRawBlock / RawHeader / RawReceipts / RawTransaction give the consensus encodings", async () => {
    const receipt = await publicClient.getTransactionReceipt({ hash: incrementHash });
    const number = `0x${receipt.blockNumber.toString(16)}`;
    const rawBlock = hexToBytes(await call("debug_getRawBlock", [number]));
    assert.equal(`0x${Buffer.from(keccak256(RLP.encode((RLP.decode(rawBlock) as Uint8Array[])[0]!))).toString("hex")}`, receipt.blockHash);
    const rawHeader = hexToBytes(await call("debug_getRawHeader", [receipt.blockHash]));
    assert.equal(`0x${Buffer.from(keccak256(rawHeader)).toString("hex")}`, receipt.blockHash);
    const rawReceipts = (await call("debug_getRawReceipts", [number])) as Hex[];
    assert.equal(rawReceipts.length, (await publicClient.getBlock({ blockNumber: receipt.blockNumber })).transactions.length);
    assert.ok(rawReceipts[receipt.transactionIndex]!.startsWith("0x02f9"), "a typed (EIP-1559) receipt");
    const rawTx = (await call("debug_getRawTransaction", [incrementHash])) as Hex;
    assert.equal(`0x${Buffer.from(keccak256(hexToBytes(rawTx))).toString("hex")}`, incrementHash);
    assert.deepEqual(await call("debug_getRawReceipts", ["0x0"]), []);
    assert.equal(await call("debug_getRawBlock", ["0xffffff"]), null);
    assert.equal(await call("debug_getRawTransaction", [`0x${"11".repeat(32)}`]), null);
    assert.equal((await callError("debug_getRawHeader", ["2"])).code, -32602);
  });

  it("eth_createAccessList through viem lists the counter's slot and the gas with the list", async () => {
    const data = encodeFunctionData({ abi, functionName: "increment" });
    const { accessList, gasUsed } = await publicClient.createAccessList({ account, to: counter, data });
    assert.deepEqual(accessList, [{ address: counter.toLowerCase(), storageKeys: [SLOT_0] }]);
    const plain = await publicClient.estimateGas({ account, to: counter, data });
    // The list costs 2,400 + 1,900 up front and saves 2,000 on the cold SLOAD (and 100 on SSTORE's warm read).
    assert.ok(gasUsed > 21_000n && gasUsed < plain + 3_000n, `gasUsed ${gasUsed}, estimate ${plain}`);
    const reverted = (await call("eth_createAccessList", [
      { from: account.address, to: counter, data: encodeFunctionData({ abi, functionName: "incrementThenFail" }) },
      "latest",
    ])) as { accessList: unknown[]; error?: string };
    assert.equal(reverted.error, "execution reverted");
    assert.deepEqual(reverted.accessList, [{ address: counter.toLowerCase(), storageKeys: [SLOT_0] }]);
    const transfer = (await call("eth_createAccessList", [{ from: account.address, to: DEV_ADDRESSES[1], value: "0x1" }])) as {
      accessList: unknown[];
      gasUsed: string;
    };
    assert.deepEqual(transfer, { accessList: [], gasUsed: "0x5208" });
    const poor = await callError("eth_createAccessList", [
      { from: `0x${"42".repeat(20)}`, to: DEV_ADDRESSES[1], value: `0x${parseEther("1").toString(16)}`, gasPrice: "0x3b9aca00" },
    ]);
    assert.equal(poor.code, -32000);
    assert.match(poor.message, /insufficient funds/);
  });

  it("eth_getProof through viem: the proofs verify against the block's state root", async () => {
    const block = await publicClient.getBlock();
    const proof = await publicClient.getProof({ address: counter, storageKeys: [SLOT_0], blockNumber: block.number });
    assert.equal(proof.storageProof[0]!.value, 1n);
    assert.equal(proof.nonce, 1);
    const root = hexToBytes(block.stateRoot);
    assert.deepEqual(keccak256(hexToBytes(proof.accountProof[0]!)), root);
    const leaf = verifyProof(root, hexToBytes(counter), proof.accountProof.map(hexToBytes));
    assert.ok(leaf !== null);
    const fields = RLP.decode(leaf) as Uint8Array[];
    assert.equal(`0x${Buffer.from(fields[2]!).toString("hex")}`, proof.storageHash);
    const slot = verifyProof(hexToBytes(proof.storageHash), hexToBytes(SLOT_0), proof.storageProof[0]!.proof.map(hexToBytes));
    assert.deepEqual(RLP.decode(slot!), Uint8Array.of(1));
    const absent = (await call("eth_getProof", [`0x${"ab".repeat(20)}`, [SLOT_0], block.hash])) as Record<string, unknown>;
    assert.equal(absent.balance, "0x0");
    assert.equal(absent.codeHash, "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assert.deepEqual(absent.storageProof, [{ key: SLOT_0, value: "0x0", proof: [] }]);
    assert.equal(verifyProof(root, hexToBytes(`0x${"ab".repeat(20)}`), (absent.accountProof as Hex[]).map(hexToBytes)), null);
  });
  it("debug_traceTransaction: the struct logger, callTracer (with logs) and prestateTracer", async () => {
    const receipt = await publicClient.getTransactionReceipt({ hash: incrementHash });
    const structs = (await call("debug_traceTransaction", [incrementHash])) as {
      gas: number;
      failed: boolean;
      structLogs: { op: string; depth: number; stack?: string[]; storage?: Record<string, string> }[];
    };
    assert.equal(structs.gas, Number(receipt.gasUsed));
    assert.equal(structs.failed, false);
    assert.equal(structs.structLogs[0]!.depth, 1);
    const sstore = structs.structLogs.find((l) => l.op === "SSTORE");
    assert.deepEqual(sstore?.storage, { [SLOT_0]: `0x${"0".repeat(63)}1` });
    const bare = (await call("debug_traceTransaction", [
      incrementHash,
      { disableStack: true, disableStorage: true, limit: 5 },
    ])) as typeof structs;
    assert.equal(bare.structLogs.length, 5);
    assert.equal(bare.structLogs[0]!.stack, undefined);

    const calls = (await call("debug_traceTransaction", [
      incrementHash,
      { tracer: "callTracer", tracerConfig: { withLog: true } },
    ])) as Record<string, unknown>;
    assert.equal(calls.type, "CALL");
    assert.equal(calls.from, account.address.toLowerCase());
    assert.equal(calls.to, counter.toLowerCase());
    assert.equal(calls.input, encodeFunctionData({ abi, functionName: "increment" }));
    assert.equal(calls.gasUsed, `0x${receipt.gasUsed.toString(16)}`);
    assert.equal((calls.logs as unknown[]).length, 1);

    const pre = (await call("debug_traceTransaction", [incrementHash, { tracer: "prestateTracer" }])) as Record<
      string,
      { balance: string; nonce?: number; code?: string; storage?: Record<string, string> }
    >;
    assert.deepEqual(pre[counter.toLowerCase()]!.storage, { [SLOT_0]: `0x${"0".repeat(64)}` }, "the slot before the increment");
    assert.ok(pre[counter.toLowerCase()]!.code!.length > 2);
    const sender = pre[account.address.toLowerCase()]!;
    assert.equal(sender.nonce, 1, "the sender's nonce before the transaction (after the deployment)");
    assert.ok(BigInt(sender.balance) > 0n);
  });

  it("debug_traceBlockByNumber / ByHash, a reverted call's reason, and the errors geth gives", async () => {
    const chain = walletClient.chain!;
    const failHash = await walletClient.sendTransaction({
      account,
      chain,
      to: counter,
      data: encodeFunctionData({ abi, functionName: "incrementThenFail" }),
      gas: 100_000n,
    });
    const failReceipt = await waitForReceipt(failHash);
    assert.equal(failReceipt.status, "reverted");
    const byNumber = (await call("debug_traceBlockByNumber", [`0x${failReceipt.blockNumber.toString(16)}`, { tracer: "callTracer" }])) as {
      txHash: string;
      result: Record<string, unknown>;
    }[];
    const traced = byNumber.find((t) => t.txHash === failHash);
    assert.equal(traced?.result.error, "execution reverted");
    assert.equal(traced?.result.revertReason, "counter: write refused");
    const byHash = await call("debug_traceBlockByHash", [failReceipt.blockHash, { tracer: "callTracer" }]);
    assert.deepEqual(byHash, byNumber);
    assert.deepEqual(await callError("debug_traceBlockByNumber", ["0x0"]), { code: -32000, message: "genesis is not traceable" });
    assert.deepEqual(await callError("debug_traceTransaction", [`0x${"0".repeat(63)}1`]), {
      code: -32000,
      message: "transaction not found",
    });
    assert.deepEqual(await callError("debug_traceBlockByHash", [`0x${"0".repeat(63)}1`]), {
      code: -32000,
      message: `block 0x${"0".repeat(63)}1 not found`,
    });
    assert.equal((await callError("debug_traceBlockByNumber", ["3"])).code, -32602);
    assert.equal((await callError("debug_traceTransaction", [failHash, { tracer: "4byteTracer" }])).code, -32000);
  });

  it("a trace past its time limit stops with geth's execution timeout, and the node keeps serving", async () => {
    const chain = walletClient.chain!;
    // Runtime code JUMPDEST PUSH1 0 JUMP: an endless loop that burns all the gas it gets.
    const deploy = await waitForReceipt(await walletClient.sendTransaction({ account, chain, data: "0x635b6000566000526004601cf3" }));
    const loopHash = await walletClient.sendTransaction({ account, chain, to: deploy.contractAddress!, gas: 300_000n });
    assert.equal((await waitForReceipt(loopHash)).status, "reverted");
    const started = Date.now();
    // 25,000 loop turns are 75,000 struct-log steps: far more than any machine runs in 10 ms.
    assert.deepEqual(await callError("debug_traceTransaction", [loopHash, { timeout: "10ms" }]), {
      code: -32000,
      message: "execution timeout",
    });
    assert.ok(Date.now() - started < 10_000);
    const calls = (await call("debug_traceTransaction", [loopHash, { tracer: "callTracer" }])) as Record<string, unknown>;
    assert.equal(calls.error, "out of gas");
    assert.equal(calls.gasUsed, "0x493e0");
    assert.ok((await publicClient.getBlockNumber()) > 0n);
  });
  it("eth_simulateV1 through viem's simulateCalls: a transfer and a contract call, with decoded logs", async () => {
    const { results } = await publicClient.simulateCalls({
      account: account.address,
      calls: [
        { to: DEV_ADDRESSES[0], value: 1n },
        { to: counter, abi, functionName: "increment" },
      ],
    });
    assert.equal(results.length, 2);
    assert.equal(results[0]!.status, "success");
    assert.equal(results[0]!.gasUsed, 21_000n);
    assert.equal(results[1]!.status, "success");
    assert.equal(results[1]!.logs?.length, 1);
  });

  it("eth_simulateV1: blocks in sequence, state overrides, reverts and geth's error codes", async () => {
    const head = await publicClient.getBlock();
    const count = (await publicClient.readContract({ address: counter, abi, functionName: "count", blockNumber: head.number })) as bigint;
    const fresh = `0x${"c0".repeat(20)}`;
    const answer = `0x${"a1".repeat(20)}`;
    const blocks = (await call("eth_simulateV1", [
      {
        blockStateCalls: [
          {
            stateOverrides: { [fresh]: { balance: "0x10000" }, [answer]: { code: "0x602a60005260206000f3" } },
            calls: [
              { from: fresh, to: DEV_ADDRESSES[1], value: "0x100" },
              { from: account.address, to: counter, input: encodeFunctionData({ abi, functionName: "increment" }) },
              { from: account.address, to: counter, input: encodeFunctionData({ abi, functionName: "incrementThenFail" }) },
            ],
          },
          {
            blockOverrides: { time: `0x${(head.timestamp + 100n).toString(16)}` },
            calls: [{ to: counter, input: encodeFunctionData({ abi, functionName: "count" }) }, { to: answer }],
          },
        ],
      },
      head.hash,
    ])) as Record<string, unknown>[];
    assert.equal(blocks.length, 2);
    assert.equal(BigInt(blocks[0]!.number as string), head.number + 1n);
    assert.equal(BigInt(blocks[1]!.number as string), head.number + 2n);
    assert.equal(blocks[0]!.parentHash, head.hash);
    assert.equal(blocks[1]!.parentHash, blocks[0]!.hash);
    assert.equal(BigInt(blocks[0]!.timestamp as string), head.timestamp + 12n);
    assert.equal(BigInt(blocks[1]!.timestamp as string), head.timestamp + 100n);
    assert.equal(blocks[0]!.baseFeePerGas, "0x0", "no validation: base fee 0, as geth");
    assert.notEqual(blocks[0]!.stateRoot, head.stateRoot);
    const calls0 = blocks[0]!.calls as { status: string; gasUsed: string; logs: unknown[]; error?: { code: number; data?: string } }[];
    assert.deepEqual(
      calls0.map((c) => c.status),
      ["0x1", "0x1", "0x0"],
    );
    assert.equal(calls0[0]!.gasUsed, "0x5208");
    assert.equal(calls0[1]!.logs.length, 1);
    assert.equal(calls0[2]!.error?.code, 3);
    assert.ok(calls0[2]!.error?.data?.startsWith("0x08c379a0"), "the revert data: Error(string)");
    assert.equal((blocks[0]!.transactions as string[]).length, 3);
    const calls1 = blocks[1]!.calls as { returnData: string }[];
    assert.equal(BigInt(calls1[0]!.returnData), count + 1n, "block 2 sees block 1's increment");
    assert.equal(BigInt(calls1[1]!.returnData), 42n, "the overridden code ran");
    assert.equal(await publicClient.readContract({ address: counter, abi, functionName: "count" }), count, "nothing was committed");

    const traced = (await call("eth_simulateV1", [
      {
        traceTransfers: true,
        blockStateCalls: [
          {
            calls: [
              { from: account.address, to: DEV_ADDRESSES[1], value: "0x2a" },
              { from: account.address, to: counter, input: encodeFunctionData({ abi, functionName: "increment" }) },
            ],
          },
        ],
      },
      head.hash,
    ])) as { calls: { logs: { address: string; topics: string[]; data: string }[] }[] }[];
    const [transfer, increment] = traced[0]!.calls;
    assert.equal(transfer!.logs.length, 1, "a value transfer becomes one Transfer log");
    assert.equal(transfer!.logs[0]!.address, "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    assert.deepEqual(transfer!.logs[0]!.topics, [
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
      `0x${"0".repeat(24)}${account.address.slice(2).toLowerCase()}`,
      `0x${"0".repeat(24)}${DEV_ADDRESSES[1].slice(2).toLowerCase()}`,
    ]);
    assert.equal(BigInt(transfer!.logs[0]!.data), 42n);
    assert.deepEqual(
      increment!.logs.map((l) => l.address),
      [counter.toLowerCase()],
      "no value moved: only the contract's own log",
    );

    const poor = await callError("eth_simulateV1", [
      {
        blockStateCalls: [{ calls: [{ from: `0x${"de".repeat(20)}`, to: DEV_ADDRESSES[1], value: "0x1", maxFeePerGas: "0x77359400" }] }],
        validation: true,
      },
      "latest",
    ]);
    assert.equal(poor.code, -38014);
    const order = await callError("eth_simulateV1", [{ blockStateCalls: [{ blockOverrides: { number: "0x1" }, calls: [] }] }, "latest"]);
    assert.equal(order.code, -38020);
    assert.equal((await callError("eth_simulateV1", [{ blockStateCalls: "x" }, "latest"])).code, -32602);
  });
  it("--dev.unlocked: eth_accounts lists the test accounts and viem's JSON-RPC account sends and signs through the node", async () => {
    const accounts = (await call("eth_accounts")) as string[];
    assert.equal(accounts.length, 10);
    assert.equal(accounts[0], DEV_ADDRESSES[0]);
    const chain = walletClient.chain!;
    const unlocked = createWalletClient({ chain, transport: http(node.url), account: DEV_ADDRESSES[0], pollingInterval: 100 });
    assert.deepEqual(await unlocked.getAddresses(), accounts);
    const to = `0x${"5e".repeat(20)}` as Address;
    const sent = await waitForReceipt(await unlocked.sendTransaction({ account: DEV_ADDRESSES[0], chain, to, value: 12345n }));
    assert.equal(sent.status, "success");
    assert.equal(sent.from.toLowerCase(), DEV_ADDRESSES[0].toLowerCase());
    assert.equal(await publicClient.getBalance({ address: to }), 12345n);
    const legacy = await waitForReceipt(
      (await call("eth_sendTransaction", [{ from: DEV_ADDRESSES[1], to, value: "0x1", gasPrice: "0x174876e800" }])) as Hash,
    );
    assert.equal(legacy.type, "legacy");

    const signature = await unlocked.signMessage({ account: DEV_ADDRESSES[0], message: "hello EIGENChain" });
    assert.ok(await verifyMessage({ address: DEV_ADDRESSES[0], message: "hello EIGENChain", signature }));
    assert.equal(await call("eth_sign", [DEV_ADDRESSES[0], "0x68656c6c6f20454947454e436861696e"]), signature);

    const typed = {
      domain: {
        name: "Ether Mail",
        version: "1",
        chainId: DEVNET_CHAIN_ID,
        verifyingContract: "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" as Address,
      },
      types: {
        Person: [
          { name: "name", type: "string" },
          { name: "wallet", type: "address" },
        ],
        Mail: [
          { name: "from", type: "Person" },
          { name: "to", type: "Person[]" },
          { name: "contents", type: "string" },
          { name: "nonce", type: "uint256" },
          { name: "flag", type: "bool" },
          { name: "tag", type: "bytes32" },
        ],
      },
      primaryType: "Mail" as const,
      message: {
        from: { name: "Cow", wallet: "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" as Address },
        to: [{ name: "Bob", wallet: "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" as Address }],
        contents: "Hello, Bob!",
        nonce: 42n,
        flag: true,
        tag: `0x${"ab".repeat(32)}` as Hex,
      },
    };
    const typedSignature = await unlocked.signTypedData({ account: DEV_ADDRESSES[0], ...typed });
    assert.ok(await verifyTypedData({ address: DEV_ADDRESSES[0], signature: typedSignature, ...typed }));

    const stranger = await callError("eth_sendTransaction", [{ from: `0x${"42".repeat(20)}`, to, value: "0x1" }]);
    assert.deepEqual(stranger, { code: -32000, message: "unknown account" });
  });
});
