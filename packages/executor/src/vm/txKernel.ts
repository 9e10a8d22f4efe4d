// The per-transaction kernel every executor shares: VM settings, block context, BLOCKHASH window, error texts.
import type { Common, Log, TypedTransaction } from "@eigenchain/chain";
import { isParallelTransaction } from "@eigenchain/chain";
import type { Block } from "@ethereumjs/block";
import { createBlock } from "@ethereumjs/block";
import { Capability } from "@ethereumjs/tx";
import { Account, Address, createContractAddress } from "@ethereumjs/util";
import type { RunTxResult, VM } from "@ethereumjs/vm";
import { createVM, runTx } from "@ethereumjs/vm";
import type { BlockEnv, TransactionAccess } from "../interface.js";
import { EMPTY_CODE_HASH } from "../state/account.js";
import { bytesToHexFast, equalBytes } from "../state/bytes.js";
import type { FlatStateManager } from "./flatState.js";

/**
 * The per-transaction kernel shared by every executor: the same VM settings, block context and
 * error texts, so the sequential reference and the parallel executor cannot drift apart.
 *
 * System contracts are deliberately absent: this chain has no beacon chain (EIP-4788 beacon roots)
 * and does not run the EIP-2935 history contract, so no system calls happen at block start.
 * BLOCKHASH (Prague without EIP-7709 reads the blockchain) sees `env.recentBlockHashes` for
 * n−1 … n−256 (the parent hash for n−1 when absent) and zero for anything else.
 */

/** How many previous block hashes BLOCKHASH can see. */
export const BLOCKHASH_WINDOW = 256n;

/** The hash BLOCKHASH returns for `number` in the block of `env` (zero outside the window or unknown). */
function getRecentBlockHash(env: BlockEnv, number: bigint): Uint8Array {
  const distance = env.number - number;
  if (distance < 1n || distance > BLOCKHASH_WINDOW) return new Uint8Array(32);
  const recent = env.recentBlockHashes;
  const hash = typeof recent === "function" ? recent(number) : recent?.[Number(distance) - 1];
  if (hash !== undefined) return hash;
  return distance === 1n ? env.parentHash : new Uint8Array(32);
}

/** `env` with a lookup of recent hashes turned into the newest-first array (clonable to workers). */
export function materializeBlockHashes(env: BlockEnv): BlockEnv {
  const recent = env.recentBlockHashes;
  if (typeof recent !== "function") return env;
  const hashes: Uint8Array[] = [];
  for (let d = 1n; d <= BLOCKHASH_WINDOW && d <= env.number; d++) hashes.push(getRecentBlockHash(env, env.number - d));
  return { ...env, recentBlockHashes: hashes };
}

/** The VM plus the mutable block context its BLOCKHASH lookups read. */
export interface ExecutionVm {
  vm: VM;
  state: FlatStateManager;
  setEnv(env: BlockEnv): Block;
}

export async function createExecutionVm(common: Common, state: FlatStateManager): Promise<ExecutionVm> {
  let current: BlockEnv | null = null;
  const blockchain = {
    async getBlock(number: number | bigint) {
      const hash = current === null ? new Uint8Array(32) : getRecentBlockHash(current, BigInt(number));
      return { hash: () => hash };
    },
    async putBlock() {},
    shallowCopy() {
      return blockchain;
    },
  };
  // A Common of its own: ethereumjs's EVM subscribes to its Common's "hardforkChanged" event and
  // never unsubscribes, so a VM built on the executor's shared Common stayed reachable from it for
  // good (with its EVM, opcode table, journal and state manager): ~75 KB per block.
  const vm = await createVM({ common: common.copy(), stateManager: state, blockchain: blockchain as never });
  return {
    vm,
    state,
    setEnv(env) {
      current = env;
      return createBlockForEnv(env, common);
    },
  };
}

function createBlockForEnv(env: BlockEnv, common: Common): Block {
  return createBlock(
    {
      header: {
        number: env.number,
        timestamp: env.timestamp,
        gasLimit: env.gasLimit,
        baseFeePerGas: env.baseFeePerGas,
        coinbase: env.coinbase,
        mixHash: env.prevRandao,
        parentHash: env.parentHash,
        // Only the blob base fee reads it; left out, ethereumjs takes zero.
        ...(env.excessBlobGas !== undefined ? { excessBlobGas: env.excessBlobGas } : {}),
      },
    },
    { common, setHardfork: false, skipConsensusFormatValidation: true },
  );
}

/** What one successful `runTx` produced, before the block assigns cumulative gas. */
export interface TxExecution {
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  status: 0 | 1;
  logs: Log[];
  contractAddress?: Uint8Array;
  error?: string;
  revertData?: Uint8Array;
  returnData: Uint8Array;
  /** Priority fee credited to the coinbase. */
  minerValue: bigint;
  /**
   * What the transaction touched: set for a type 0x05 transaction and for a contract call (a
   * recipient with code and at least a 4-byte selector of data); absent otherwise, so plain
   * transfers pay nothing for it.
   */
  accessed?: TransactionAccess;
}

export type TxOutcome = { status: "valid"; execution: TxExecution } | { status: "invalid"; reason: string; detail: string };

/** geth's texts for a transaction that is not valid on the state it would run against. */
export function classifyInvalid(message: string): string {
  const nonce = /account has nonce of: (\d+) tx has nonce of: (\d+)/.exec(message);
  if (nonce !== null) return BigInt(nonce[1]!) > BigInt(nonce[2]!) ? "nonce too low" : "nonce too high";
  if (/enough funds/.test(message)) return "insufficient funds for gas * price + value";
  if (/INTRINSIC_GAS_TOO_LOW|intrinsic|minimum gas limit/i.test(message)) return "intrinsic gas too low";
  if (/floor/i.test(message)) return "insufficient gas for floor data gas cost";
  if (/baseFeePerGas/.test(message)) return "max fee per gas less than block base fee";
  if (/not EOA/.test(message)) return "sender not an eoa";
  if (/higher gas limit than the block/.test(message)) return "gas limit reached";
  if (/Invalid Signature/i.test(message)) return "invalid transaction v, r, s values";
  return message.split(" -> ")[0]!.split(" (")[0]!;
}

function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  if (tx.supports(Capability.EIP1559FeeMarket)) return tx.getEffectivePriorityFee(baseFee) + baseFee;
  return (tx as { gasPrice: bigint }).gasPrice;
}

/**
 * The error of a type 0x05 transaction that touched state outside its binding access list; the
 * first location it touched outside follows in parentheses (`(0x<address>)` for an account,
 * `(0x<address> slot 0x<slot>)` for storage).
 */
export const BINDING_ACCESS_ERROR = "access outside binding access list";

/** Runs one transaction on the VM's current state; an invalid one changes nothing. */
export async function runTransaction(exec: ExecutionVm, block: Block, tx: TypedTransaction, gasLeftInBlock: bigint): Promise<TxOutcome> {
  if (tx.gasLimit > gasLeftInBlock)
    return { status: "invalid", reason: "gas limit reached", detail: `tx gas ${tx.gasLimit} > block gas left ${gasLeftInBlock}` };
  const binding = isParallelTransaction(tx);
  // Only 0x05 transactions and possible contract calls are tracked; everything else runs as before.
  if (!binding && (tx.to === undefined || tx.data.length < 4)) return runUntracked(exec, block, tx);
  return runTracked(exec, block, tx, binding);
}

async function runUntracked(exec: ExecutionVm, block: Block, tx: TypedTransaction): Promise<TxOutcome> {
  let result: RunTxResult;
  try {
    result = await runTx(exec.vm, { tx, block, skipBlockGasLimitValidation: true, skipHardForkValidation: true });
  } catch (err) {
    return invalidOutcome(err);
  }
  return { status: "valid", execution: toExecution(result, tx, block.header.baseFeePerGas ?? 0n) };
}

function invalidOutcome(err: unknown): TxOutcome {
  const message = (err as Error).message;
  return { status: "invalid", reason: classifyInvalid(message), detail: message };
}

/**
 * Runs a 0x05 transaction or a possible contract call with the state manager recording what it
 * touches. A 0x05 transaction runs inside a checkpoint of its own: when it touched anything its
 * binding access list does not allow (`getBindingViolation`), everything it did is reverted and
 * it fails as an exceptional halt (`applyBindingFailure`).
 */
async function runTracked(exec: ExecutionVm, block: Block, tx: TypedTransaction, binding: boolean): Promise<TxOutcome> {
  const state = exec.state;
  const touched = new Set<string>();
  let result: RunTxResult;
  if (binding) await state.checkpoint();
  state.touched = touched;
  try {
    result = await runTx(exec.vm, { tx, block, skipBlockGasLimitValidation: true, skipHardForkValidation: true });
  } catch (err) {
    // runTx reverted its own changes; this only closes our checkpoint.
    if (binding) await state.revert();
    return invalidOutcome(err);
  } finally {
    state.touched = null;
  }
  const baseFee = block.header.baseFeePerGas ?? 0n;
  // From the public key runTx recovered (cached on the tx), hashed here: getSenderAddress() would
  // hash it with the pure-JS keccak on every call.
  const sender = state.keccak(tx.getSenderPublicKey()).slice(12);
  const coinbase = block.header.coinbase.bytes;
  const precompiles = exec.vm.evm.precompiles;
  let execution: TxExecution;
  if (binding) {
    const violation = getBindingViolation(touched, tx, sender, coinbase, precompiles);
    if (violation === undefined) {
      await state.commit();
      execution = toExecution(result, tx, baseFee);
    } else {
      await state.revert();
      execution = await applyBindingFailure(state, tx, block, sender, violation);
    }
  } else {
    execution = toExecution(result, tx, baseFee);
    // Reported for calls of contracts only (the recipient has code).
    const to = tx.to as Address;
    const account = await state.readAccountData(bytesToHexFast(to.bytes), to.bytes);
    if (account === undefined || equalBytes(account.codeHash, EMPTY_CODE_HASH)) return { status: "valid", execution };
  }
  execution.accessed = toAccessed(touched, sender, coinbase, precompiles);
  return { status: "valid", execution };
}

/**
 * The first location a 0x05 transaction touched that its binding access list does not allow, as
 * the text that follows the error; undefined when it stayed inside. Allowed:
 * - an account listed in the access list: the account itself (nonce, balance, code, existence);
 *   all its storage when listed without storage keys, else only the listed slots;
 * - the sender, the recipient, the block's coinbase and the active precompiles: the account
 *   itself, no storage unless listed;
 * - for a contract creation, the new contract: the account and all its storage (it is new, so no
 *   other transaction can touch it).
 */
function getBindingViolation(
  touched: ReadonlySet<string>,
  tx: TypedTransaction,
  sender: Uint8Array,
  coinbase: Uint8Array,
  precompiles: ReadonlyMap<string, unknown>,
): string | undefined {
  const accounts = new Set<string>([`0x${bytesToHexFast(sender)}`, `0x${bytesToHexFast(coinbase)}`]);
  const wholeStorage = new Set<string>();
  const slots = new Set<string>();
  if (tx.to !== undefined) accounts.add(`0x${bytesToHexFast(tx.to.bytes)}`);
  else {
    const created = `0x${bytesToHexFast(createContractAddress(new Address(sender), tx.nonce).bytes)}`;
    accounts.add(created);
    wholeStorage.add(created);
  }
  for (const [addressBytes, keys] of (tx as { accessList: [Uint8Array, Uint8Array[]][] }).accessList) {
    const address = `0x${bytesToHexFast(addressBytes)}`;
    accounts.add(address);
    if (keys.length === 0) wholeStorage.add(address);
    for (const key of keys) slots.add(`${address}/0x${bytesToHexFast(key)}`);
  }
  for (const key of touched) {
    if (key.length === ACCOUNT_KEY_LENGTH) {
      if (!accounts.has(key) && !precompiles.has(key.slice(2))) return key;
    } else {
      const address = key.slice(0, ACCOUNT_KEY_LENGTH);
      if (!wholeStorage.has(address) && !slots.has(key)) return `${address} slot ${key.slice(ACCOUNT_KEY_LENGTH + 1)}`;
    }
  }
  return undefined;
}

/** Length of an account key of `FlatStateManager.touched` (`0x` and 40 hex digits); slot keys are longer. */
const ACCOUNT_KEY_LENGTH = 42;

/**
 * The outcome of a 0x05 transaction that broke its binding access list, on the state from before
 * it ran: an exceptional halt that used all its gas. The sender's nonce goes up by one and it pays
 * gasLimit × effective gas price, the coinbase gets gasLimit × priority fee; nothing else changes
 * (no value moves, no logs). Reads and writes go through the state manager as runTx's own fee
 * handling does (sender first, then the coinbase, an empty coinbase removed as EIP-161 would), so
 * the parallel executor records them the same way.
 */
async function applyBindingFailure(
  state: FlatStateManager,
  tx: TypedTransaction,
  block: Block,
  sender: Uint8Array,
  violation: string,
): Promise<TxExecution> {
  const baseFee = block.header.baseFeePerGas ?? 0n;
  const gasPrice = effectiveGasPrice(tx, baseFee);
  const senderAddress = new Address(sender);
  const account = (await state.getAccount(senderAddress)) ?? new Account();
  account.nonce += 1n;
  account.balance -= tx.gasLimit * gasPrice;
  await state.putAccount(senderAddress, account);
  const minerValue = tx.gasLimit * (gasPrice - baseFee);
  const coinbaseAddress = block.header.coinbase;
  const miner = (await state.getAccount(coinbaseAddress)) ?? new Account();
  miner.balance += minerValue;
  if (miner.isEmpty()) await state.deleteAccount(coinbaseAddress);
  else await state.putAccount(coinbaseAddress, miner);
  return {
    gasUsed: tx.gasLimit,
    effectiveGasPrice: gasPrice,
    status: 0,
    logs: [],
    returnData: new Uint8Array(),
    minerValue,
    error: `${BINDING_ACCESS_ERROR} (${violation})`,
  };
}

function toAccessed(
  touched: ReadonlySet<string>,
  sender: Uint8Array,
  coinbase: Uint8Array,
  precompiles: ReadonlyMap<string, unknown>,
): TransactionAccess {
  const accounts: string[] = [];
  const slots: string[] = [];
  const senderKey = `0x${bytesToHexFast(sender)}`;
  const coinbaseKey = `0x${bytesToHexFast(coinbase)}`;
  for (const key of touched) {
    if (key.length !== ACCOUNT_KEY_LENGTH) slots.push(key);
    else if (key !== senderKey && key !== coinbaseKey && !precompiles.has(key.slice(2))) accounts.push(key);
  }
  return { accounts, slots };
}

function toExecution(result: RunTxResult, tx: TypedTransaction, baseFee: bigint): TxExecution {
  const exec = result.execResult;
  const error = exec.exceptionError?.error;
  const logs: Log[] = (exec.logs ?? []).map(([address, topics, data]) => ({ address, topics, data }));
  const out: TxExecution = {
    gasUsed: result.totalGasSpent,
    effectiveGasPrice: effectiveGasPrice(tx, baseFee),
    status: error === undefined ? 1 : 0,
    logs: error === undefined ? logs : [],
    returnData: exec.returnValue,
    minerValue: result.minerValue,
  };
  if (error === undefined && result.createdAddress !== undefined) out.contractAddress = result.createdAddress.bytes;
  if (error !== undefined) {
    out.error = error;
    if (error === "revert") out.revertData = exec.returnValue;
  }
  return out;
}
