// The reference path for blocks under Ethereum's full rules (ethereumjs runBlock): rewards, uncles, withdrawals, system calls, any hardfork.
import type { Block, Log } from "@eigenchain/chain";
import { Capability } from "@ethereumjs/tx";
import type { TxReceipt } from "@ethereumjs/vm";
import { createVM, runBlock } from "@ethereumjs/vm";
import { recoverSenderCached } from "./crypto/recover.js";
import type { BlockExecutionResult, ExecutedTransaction, StateStore } from "./interface.js";
import { checkStateRoot, requireTrieStore } from "./runHelpers.js";
import type { TrieStateStore } from "./state/stateStore.js";
import { FlatStateManager } from "./vm/flatState.js";
import { createStoreSource } from "./vm/storeSource.js";

/**
 * A flat overlay of `parentRoot` whose state root is the overlay hashed onto the parent: what
 * ethereumjs's `runBlock` reads at the end of a block, and after each transaction before Byzantium
 * (those receipts carry the intermediate root). Hashing leaves the nodes pending in the store.
 */
class RootedFlatStateManager extends FlatStateManager {
  constructor(
    private readonly store: TrieStateStore,
    private readonly parentRoot: Uint8Array,
  ) {
    super(createStoreSource(store, parentRoot), store.keccak);
  }

  override async getStateRoot(): Promise<Uint8Array> {
    return this.store.applyChanges(this.parentRoot, this.toChanges());
  }
}

export interface ReferenceBlockModules {
  stateStore: StateStore;
  /** Hash of a canonical block by number (BLOCKHASH before EIP-2935); undefined when unknown. */
  getBlockHash(number: bigint): Promise<Uint8Array | undefined>;
}

/** What the reference computed beyond the usual result: the EIP-7685 requests hash, when Prague is active. */
export interface ReferenceBlockResult extends BlockExecutionResult {
  requestsHash?: Uint8Array;
}

/**
 * Executes `block` on `parentStateRoot` with ethereumjs's `runBlock` under the rules of the block's
 * own Common (decode it with its height's hardfork): proof-of-work block and uncle rewards, the DAO
 * fork, withdrawals, the EIP-4788 / EIP-2935 system writes and EIP-7685 requests included. The
 * header is not trusted: the result's roots, bloom and gas are computed, for the caller to compare.
 * Like the other executors it writes nothing to disk: the new state's trie nodes stay pending in
 * the store until the caller commits them.
 */
export async function executeBlockByReference(
  block: Block,
  parentStateRoot: Uint8Array,
  modules: ReferenceBlockModules,
): Promise<ReferenceBlockResult> {
  const store = requireTrieStore(modules.stateStore);
  await checkStateRoot(store, parentStateRoot);
  const started = performance.now();
  const state = new RootedFlatStateManager(store, parentStateRoot);
  const blockchain = {
    async getBlock(number: number | bigint) {
      const hash = (await modules.getBlockHash(BigInt(number))) ?? new Uint8Array(32);
      return { hash: () => hash };
    },
    async putBlock() {},
    shallowCopy() {
      return blockchain;
    },
  };
  // A Common of its own (see createExecutionVm): the VM subscribes to it for good.
  const vm = await createVM({ common: block.common.copy(), stateManager: state, blockchain: blockchain as never });
  // Senders recovered natively and cached on each transaction: runTx would recover them with noble.
  for (const tx of block.transactions) recoverSenderCached(tx, "native");
  const run = await runBlock(vm, { block, generate: true, skipBlockValidation: true, skipHeaderValidation: true });
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const transactions = block.transactions.map((tx, i): ExecutedTransaction => {
    const result = run.results[i]!;
    const receipt = run.receipts[i]!;
    const error = result.execResult.exceptionError?.error;
    const logs = toLogs(receipt);
    const executed: ExecutedTransaction = {
      tx,
      sender: tx.getSenderAddress().bytes,
      receipt: {
        txType: tx.type,
        // Receipts before Byzantium hold a state root instead of a status; the outcome is kept.
        status: "status" in receipt ? (receipt.status as 0 | 1) : error === undefined ? 1 : 0,
        cumulativeGasUsed: receipt.cumulativeBlockGasUsed,
        logsBloom: receipt.bitvector,
        logs,
        ...("stateRoot" in receipt ? { postStateRoot: receipt.stateRoot } : {}),
      },
      gasUsed: result.totalGasSpent,
      effectiveGasPrice: tx.supports(Capability.EIP1559FeeMarket)
        ? tx.getEffectivePriorityFee(baseFee) + baseFee
        : (tx as { gasPrice: bigint }).gasPrice,
      logs,
    };
    if (error === undefined && result.createdAddress !== undefined) executed.contractAddress = result.createdAddress.bytes;
    if (error !== undefined) executed.error = error;
    if (error === "revert") executed.revertData = result.execResult.returnValue;
    return executed;
  });
  const executionMs = performance.now() - started;
  const out: ReferenceBlockResult = {
    stateRoot: run.stateRoot,
    receiptsRoot: run.receiptsRoot,
    logsBloom: run.logsBloom,
    gasUsed: run.gasUsed,
    transactions,
    skipped: [],
    stats: { mode: "sequential", workers: 0, executionMs, rootMs: 0, conflicts: 0, reexecutions: 0 },
  };
  if (run.requestsHash !== undefined) out.requestsHash = run.requestsHash;
  return out;
}

function toLogs(receipt: TxReceipt): Log[] {
  return receipt.logs.map(([address, topics, data]) => ({ address, topics, data }));
}
