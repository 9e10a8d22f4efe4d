// eth_simulateV1's execution: blocks of calls on one throwaway overlay, with state overrides, in a call worker or on this thread.
import type { Common, Log } from "@eigenchain/chain";
import { createTx } from "@ethereumjs/tx";
import { Account, Address, bigIntToBytes, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { runTx } from "@ethereumjs/vm";
import type { BlockEnv, CallRequest } from "../interface.js";
import type { StateChanges } from "../state/stateChanges.js";
import { createCallTxData, EMPTY_SOURCE } from "../vm/callKernel.js";
import type { StateSource } from "../vm/flatState.js";
import type { ExecutionVm } from "../vm/txKernel.js";
import { classifyInvalid } from "../vm/txKernel.js";
import { TransferTracer } from "./transferTracer.js";

/** eth_simulateV1's state override of one account (geth's `OverrideAccount`). */
export interface AccountOverride {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  /** Replaces all storage with these slots. */
  state?: { slot: Uint8Array; value: Uint8Array }[];
  /** Sets these slots, keeping the others. */
  stateDiff?: { slot: Uint8Array; value: Uint8Array }[];
}

export interface SimulateBlockInput {
  env: BlockEnv;
  overrides: { address: Uint8Array; override: AccountOverride }[];
  calls: CallRequest[];
}

export interface SimulateInput {
  blocks: SimulateBlockInput[];
  /** Check nonces, balances and the base fee as for a real transaction. */
  validation: boolean;
  /** Report every ETH transfer as a Transfer log from 0xeeee…eeee (geth's traceTransfers). */
  traceTransfers?: boolean;
  /** Gas all calls together may use (geth's --rpc.gascap applies to the whole request). */
  gasCap: bigint;
}

export interface SimulatedCall {
  status: 0 | 1;
  returnData: Uint8Array;
  gasUsed: bigint;
  /** Gas used before the refund (geth's `maxUsedGas`). */
  maxUsedGas: bigint;
  logs: Log[];
  /** geth's codes: 3 for a revert (with `data`), -32015 for any other EVM error. */
  error?: { code: number; message: string; data?: Uint8Array };
  /** The transaction the call became, unsigned (its encoding, for the block's hashes and roots). */
  tx: Uint8Array;
  txType: number;
  from: Uint8Array;
  cumulativeGasUsed: bigint;
}

export interface SimulatedBlock {
  calls: SimulatedCall[];
  gasUsed: bigint;
  /** Everything changed since the base state, up to and including this block (for its state root). */
  changes: StateChanges;
}

/** A request the simulation refuses as a whole, with geth's eth_simulateV1 error code. */
export interface SimulateFailure {
  code: number;
  message: string;
}

export type SimulateOutput = { ok: true; blocks: SimulatedBlock[] } | { ok: false; error: SimulateFailure };

/** EIP-7825's per-transaction gas cap (2^24). */
const MAX_TX_GAS_EIP7825 = 1n << 24n;

/** geth's eth_simulateV1 codes for a transaction that cannot run (validation, or intrinsic gas). */
function failureCode(reason: string): number {
  if (reason === "nonce too low") return -38010;
  if (reason === "nonce too high") return -38011;
  if (reason === "max fee per gas less than block base fee") return -38012;
  if (reason === "intrinsic gas too low") return -38013;
  if (reason.startsWith("insufficient funds")) return -38014;
  if (reason === "sender not an eoa") return -38024;
  return -32000;
}

async function applyOverride(exec: ExecutionVm, address: Uint8Array, override: AccountOverride): Promise<void> {
  const state = exec.state;
  const at = new Address(address);
  if (override.code !== undefined) await state.putCode(at, override.code);
  if (override.balance !== undefined || override.nonce !== undefined) {
    const account = (await state.getAccount(at)) ?? new Account();
    if (override.balance !== undefined) account.balance = override.balance;
    if (override.nonce !== undefined) account.nonce = override.nonce;
    await state.putAccount(at, account);
  }
  if (override.state !== undefined) {
    if ((await state.getAccount(at)) === undefined) await state.putAccount(at, new Account());
    await state.clearStorage(at);
  }
  for (const { slot, value } of [...(override.state ?? []), ...(override.stateDiff ?? [])]) await state.putStorage(at, slot, value);
}

/** EIP-4788's beacon roots contract and EIP-2935's history contract, and their ring buffer length. */
const BEACON_ROOTS_ADDRESS = new Address(hexToBytes("0x000f3df6d732807ef1319fb7b8bb8522d0beac02"));
const HISTORY_STORAGE_ADDRESS = new Address(hexToBytes("0x0000f90827f1c53a10cb7a02335b175320002935"));
const RING_LENGTH = 8191n;

function slotOf(n: bigint): Uint8Array {
  return setLengthLeft(bigIntToBytes(n), 32);
}

/**
 * What a block's start writes where those system contracts are deployed (a chain from a geth
 * genesis; EIGENChain's own chains have none, so nothing happens): the parent beacon root (zero in
 * a simulation, as geth) under the timestamp, and the parent's hash under its number.
 */
async function applySystemWrites(exec: ExecutionVm, common: Common, env: BlockEnv): Promise<void> {
  const state = exec.state;
  if (common.isActivatedEIP(4788) && (await state.getCode(BEACON_ROOTS_ADDRESS)).length > 0) {
    const index = env.timestamp % RING_LENGTH;
    await state.putStorage(BEACON_ROOTS_ADDRESS, slotOf(index), bigIntToBytes(env.timestamp));
    await state.putStorage(BEACON_ROOTS_ADDRESS, slotOf(index + RING_LENGTH), new Uint8Array(32));
  }
  if (common.isActivatedEIP(2935) && env.number > 0n && (await state.getCode(HISTORY_STORAGE_ADDRESS)).length > 0) {
    await state.putStorage(HISTORY_STORAGE_ADDRESS, slotOf((env.number - 1n) % RING_LENGTH), env.parentHash);
  }
}

const preOsaka = new WeakMap<Common, Common>();

/**
 * The rules before EIP-7825, only to encode a simulated transaction whose gas passes 2^24 (geth
 * gives it that gas; it runs with 2^24 here): the encoding is the same under either.
 */
function getPreOsakaCommon(common: Common): Common {
  let copy = preOsaka.get(common);
  if (copy === undefined) {
    copy = common.copy();
    copy.setHardfork("prague");
    preOsaka.set(common, copy);
  }
  return copy;
}

/** The transaction with the gas geth gives it (see `getPreOsakaCommon`); the one that ran where that cannot be built. */
function buildHashedTx(common: Common, env: BlockEnv, request: CallRequest, nonce: bigint, gas: bigint, ran: ReturnType<typeof buildTx>) {
  try {
    return buildTx(getPreOsakaCommon(common), env, request, nonce, gas);
  } catch {
    return ran;
  }
}

/** As geth's simulation: a call that names no fee becomes an EIP-1559 transaction, not a legacy one. */
function buildTx(common: Common, env: BlockEnv, request: CallRequest, nonce: bigint, gas: bigint) {
  const unpriced =
    request.gasPrice === undefined &&
    request.maxFeePerGas === undefined &&
    request.maxPriorityFeePerGas === undefined &&
    request.authorizationList === undefined;
  const typed = unpriced ? { ...request, maxPriorityFeePerGas: 0n } : request;
  return createTx(createCallTxData(typed, env, nonce, gas) as never, { common, freeze: false });
}

/**
 * Runs the blocks' calls one after another on one overlay of `source` (each block sees what the
 * earlier ones did), applying each block's state overrides first. Without `validation`, nonces
 * and balances are not checked (fees are still charged when asked for). A call that cannot run at
 * all ends the whole request with geth's code; a reverted or failed call is reported in its result.
 */
export async function runSimulateOnSource(
  exec: ExecutionVm,
  source: StateSource,
  common: Common,
  input: SimulateInput,
): Promise<SimulateOutput> {
  exec.state.reset(source);
  try {
    return await simulateBlocks(exec, common, input);
  } finally {
    // Drop the overlay now rather than at the next call.
    exec.state.reset(EMPTY_SOURCE);
  }
}

async function simulateBlocks(exec: ExecutionVm, common: Common, input: SimulateInput): Promise<SimulateOutput> {
  let gasBudget = input.gasCap;
  const transfers = input.traceTransfers === true ? new TransferTracer(exec) : undefined;
  const blocks: SimulatedBlock[] = [];
  for (const blockInput of input.blocks) {
    await applySystemWrites(exec, common, blockInput.env);
    for (const { address, override } of blockInput.overrides) await applyOverride(exec, address, override);
    const block = exec.setEnv(blockInput.env);
    const calls: SimulatedCall[] = [];
    let gasUsed = 0n;
    for (const request of blockInput.calls) {
      const from = new Address(request.from ?? new Uint8Array(20));
      const nonce = request.nonce ?? (await exec.state.getAccount(from))?.nonce ?? 0n;
      const left = blockInput.env.gasLimit - gasUsed;
      const limit = left < gasBudget ? left : gasBudget;
      if (request.gas !== undefined && request.gas > left)
        return { ok: false, error: { code: -38015, message: "block gas limit reached" } };
      // EIP-7825 (Osaka): a call that names no gas gets at most the per-transaction cap.
      // As geth: a call that names no gas gets what is left (of the block and of the request's budget),
      // and that is the gas of the transaction it becomes; under EIP-7825 it runs with at most 2^24.
      const gas = request.gas ?? limit;
      const runGas = common.isActivatedEIP(7825) && gas > MAX_TX_GAS_EIP7825 && request.gas === undefined ? MAX_TX_GAS_EIP7825 : gas;
      // Without validation balances are not checked (ethereumjs tops the sender up), but as geth a
      // call cannot move more value than the sender has.
      if (!input.validation && (request.value ?? 0n) > ((await exec.state.getAccount(from))?.balance ?? 0n)) {
        return { ok: false, error: { code: -38014, message: "insufficient funds for gas * price + value" } };
      }
      let outcome: Awaited<ReturnType<typeof runTx>>;
      let tx: ReturnType<typeof buildTx>;
      try {
        tx = buildTx(common, blockInput.env, request, nonce, runGas);
        Object.defineProperty(tx, "getSenderAddress", { value: () => from });
        Object.defineProperty(tx, "isSigned", { value: () => true });
        const opts = {
          tx,
          block,
          skipNonce: !input.validation,
          skipBalance: !input.validation,
          skipBlockGasLimitValidation: true,
          skipHardForkValidation: true,
        };
        outcome = await (transfers === undefined ? runTx(exec.vm, opts) : transfers.trace(() => runTx(exec.vm, opts)));
      } catch (err) {
        const reason = classifyInvalid((err as Error).message);
        return { ok: false, error: { code: failureCode(reason), message: reason } };
      }
      gasUsed += outcome.totalGasSpent;
      gasBudget -= outcome.totalGasSpent < gasBudget ? outcome.totalGasSpent : gasBudget;
      const hashed = runGas === gas ? tx : buildHashedTx(common, blockInput.env, request, nonce, gas, tx);
      const call = toSimulatedCall(outcome, hashed, from.bytes, gasUsed);
      if (transfers !== undefined && call.status === 1) call.logs = transfers.logs;
      calls.push(call);
    }
    blocks.push({ calls, gasUsed, changes: copyChanges(exec.state.toChanges()) });
  }
  return { ok: true, blocks };
}

/** A snapshot of the overlay's changes (the manager shares its live maps). */
function copyChanges(changes: StateChanges): StateChanges {
  return {
    accounts: new Map(changes.accounts),
    storage: new Map([...changes.storage].map(([address, slots]) => [address, new Map(slots)])),
    cleared: new Set(changes.cleared),
    code: new Map(changes.code),
  };
}

function toSimulatedCall(
  outcome: Awaited<ReturnType<typeof runTx>>,
  tx: { type: number; serialize(): Uint8Array },
  from: Uint8Array,
  cumulativeGasUsed: bigint,
): SimulatedCall {
  const exec = outcome.execResult;
  const error = exec.exceptionError?.error;
  const call: SimulatedCall = {
    status: error === undefined ? 1 : 0,
    returnData: exec.returnValue,
    gasUsed: outcome.totalGasSpent,
    maxUsedGas: outcome.totalGasSpent + (outcome.gasRefund ?? 0n),
    logs: error === undefined ? (exec.logs ?? []).map(([address, topics, data]) => ({ address, topics, data })) : [],
    tx: tx.serialize(),
    txType: tx.type,
    from,
    cumulativeGasUsed,
  };
  if (error === "revert") call.error = { code: 3, message: "execution reverted", data: exec.returnValue };
  else if (error !== undefined) call.error = { code: -32015, message: error };
  return call;
}
