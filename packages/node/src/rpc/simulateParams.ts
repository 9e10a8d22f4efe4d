// eth_simulateV1's request typed once at the edge: blocks of calls with block and state overrides.
import type { AccountOverride, CallRequest } from "@eigenchain/executor";
import { createInvalidParamsError, RpcError } from "./errors.js";
import { readAddress, readBool, readCallRequest, readData, readHash, readQuantity, readUint64 } from "./params.js";

/** geth's bound on simulated blocks (its -38026 "client limit exceeded"). */
export const MAX_SIMULATE_BLOCKS = 256;
/** Calls one request may hold, all blocks together: each is an EVM run on a call worker. */
export const MAX_SIMULATE_CALLS = 1000;
/** geth's code for a request past the client's limits. */
export const SIMULATE_LIMIT_EXCEEDED = -38026;

export interface BlockOverrides {
  number?: bigint;
  time?: bigint;
  gasLimit?: bigint;
  feeRecipient?: Uint8Array;
  prevRandao?: Uint8Array;
  baseFeePerGas?: bigint;
}

export interface SimulateBlockRequest {
  blockOverrides: BlockOverrides;
  stateOverrides: { address: Uint8Array; override: AccountOverride }[];
  calls: CallRequest[];
}

export interface SimulateRequest {
  blocks: SimulateBlockRequest[];
  validation: boolean;
  traceTransfers: boolean;
  returnFullTransactions: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function readBlockOverrides(value: unknown): BlockOverrides {
  if (!present(value)) return {};
  if (!isRecord(value)) throw createInvalidParamsError("invalid argument 0: blockOverrides must be an object");
  const out: BlockOverrides = {};
  if (present(value.number)) out.number = readUint64(value.number, 0);
  if (present(value.time)) out.time = readUint64(value.time, 0);
  if (present(value.gasLimit)) out.gasLimit = readUint64(value.gasLimit, 0);
  if (present(value.feeRecipient)) out.feeRecipient = readAddress(value.feeRecipient, 0);
  if (present(value.prevRandao)) out.prevRandao = readHash(value.prevRandao, 0);
  if (present(value.baseFeePerGas)) out.baseFeePerGas = readQuantity(value.baseFeePerGas, 0);
  return out;
}

function readSlots(value: unknown, name: string): { slot: Uint8Array; value: Uint8Array }[] {
  if (!isRecord(value)) throw createInvalidParamsError(`invalid argument 0: ${name} must be an object of slot to value`);
  return Object.entries(value).map(([slot, v]) => ({ slot: readHash(slot, 0), value: readHash(v, 0) }));
}

function readAccountOverride(value: unknown): AccountOverride {
  if (!isRecord(value)) throw createInvalidParamsError("invalid argument 0: a state override must be an object");
  if (present(value.state) && present(value.stateDiff)) {
    throw createInvalidParamsError("invalid argument 0: account has both 'state' and 'stateDiff'");
  }
  if (present(value.movePrecompileToAddress)) {
    throw new RpcError(SIMULATE_LIMIT_EXCEEDED, "movePrecompileToAddress is not supported");
  }
  const out: AccountOverride = {};
  if (present(value.balance)) out.balance = readQuantity(value.balance, 0);
  if (present(value.nonce)) out.nonce = readUint64(value.nonce, 0);
  if (present(value.code)) out.code = readData(value.code, 0);
  if (present(value.state)) out.state = readSlots(value.state, "state");
  if (present(value.stateDiff)) out.stateDiff = readSlots(value.stateDiff, "stateDiff");
  return out;
}

function readBlock(value: unknown): SimulateBlockRequest {
  if (!isRecord(value)) throw createInvalidParamsError("invalid argument 0: a block state call must be an object");
  const stateOverrides: SimulateBlockRequest["stateOverrides"] = [];
  if (present(value.stateOverrides)) {
    if (!isRecord(value.stateOverrides)) throw createInvalidParamsError("invalid argument 0: stateOverrides must be an object");
    for (const [address, override] of Object.entries(value.stateOverrides)) {
      stateOverrides.push({ address: readAddress(address, 0), override: readAccountOverride(override) });
    }
  }
  const calls = present(value.calls) ? value.calls : [];
  if (!Array.isArray(calls)) throw createInvalidParamsError("invalid argument 0: calls must be an array");
  return { blockOverrides: readBlockOverrides(value.blockOverrides), stateOverrides, calls: calls.map((c) => readCallRequest(c, 0)) };
}

/** `{blockStateCalls, validation?, traceTransfers?, returnFullTransactions?}`. */
export function readSimulateRequest(value: unknown): SimulateRequest {
  if (!isRecord(value)) throw createInvalidParamsError("invalid argument 0: expected {blockStateCalls, …}");
  const blocks = value.blockStateCalls;
  if (!Array.isArray(blocks)) throw createInvalidParamsError("invalid argument 0: blockStateCalls must be an array");
  if (blocks.length > MAX_SIMULATE_BLOCKS) throw new RpcError(SIMULATE_LIMIT_EXCEEDED, `too many blocks (max ${MAX_SIMULATE_BLOCKS})`);
  const parsed = blocks.map(readBlock);
  const calls = parsed.reduce((sum, b) => sum + b.calls.length, 0);
  if (calls > MAX_SIMULATE_CALLS) throw new RpcError(SIMULATE_LIMIT_EXCEEDED, `too many calls (max ${MAX_SIMULATE_CALLS})`);
  return {
    blocks: parsed,
    validation: present(value.validation) ? readBool(value.validation, 0) : false,
    traceTransfers: present(value.traceTransfers) ? readBool(value.traceTransfers, 0) : false,
    returnFullTransactions: present(value.returnFullTransactions) ? readBool(value.returnFullTransactions, 0) : false,
  };
}
