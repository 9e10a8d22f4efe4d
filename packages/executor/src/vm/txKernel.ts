import type { Common, Log, TypedTransaction } from "@eigenchain/chain";
import { createBlock } from "@ethereumjs/block";
import type { Block } from "@ethereumjs/block";
import { Capability } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { createVM, runTx } from "@ethereumjs/vm";
import type { RunTxResult, VM } from "@ethereumjs/vm";
import type { BlockEnv } from "../interface.js";
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
export function getRecentBlockHash(env: BlockEnv, number: bigint): Uint8Array {
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
  const vm = await createVM({ common, stateManager: state, blockchain: blockchain as never });
  return {
    vm,
    state,
    setEnv(env) {
      current = env;
      return createBlockForEnv(env, common);
    },
  };
}

export function createBlockForEnv(env: BlockEnv, common: Common): Block {
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

export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  if (tx.supports(Capability.EIP1559FeeMarket)) return tx.getEffectivePriorityFee(baseFee) + baseFee;
  return (tx as { gasPrice: bigint }).gasPrice;
}

/** Runs one transaction on the VM's current state; an invalid one changes nothing. */
export async function runTransaction(exec: ExecutionVm, block: Block, tx: TypedTransaction, gasLeftInBlock: bigint): Promise<TxOutcome> {
  if (tx.gasLimit > gasLeftInBlock) return { status: "invalid", reason: "gas limit reached", detail: `tx gas ${tx.gasLimit} > block gas left ${gasLeftInBlock}` };
  let result: RunTxResult;
  try {
    result = await runTx(exec.vm, { tx, block, skipBlockGasLimitValidation: true, skipHardForkValidation: true });
  } catch (err) {
    const message = (err as Error).message;
    return { status: "invalid", reason: classifyInvalid(message), detail: message };
  }
  return { status: "valid", execution: toExecution(result, tx, block.header.baseFeePerGas ?? 0n) };
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

export function addressOf(bytes: Uint8Array): Address {
  return new Address(bytes);
}
