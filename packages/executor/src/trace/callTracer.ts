// geth's callTracer: the tree of calls and creations a transaction made, with gas, input, output, errors and logs.

import type { TypedTransaction } from "@eigenchain/chain";
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import { Address, bigIntToHex, bytesToHex, createContractAddress, setLengthLeft } from "@ethereumjs/util";
import type { FlatStateManager } from "../vm/flatState.js";
import type { TxOutcome } from "../vm/txKernel.js";
import type { TraceConfig, TxTracer } from "./types.js";

interface CallFrame {
  type: string;
  from: string;
  to?: string;
  value?: string;
  gas: string;
  gasUsed: string;
  input: string;
  output?: string;
  error?: string;
  revertReason?: string;
  calls?: CallFrame[];
  logs?: { address: string; topics: string[]; data: string; position: string }[];
}

const CALL_OPS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "CREATE", "CREATE2", "SELFDESTRUCT"]);
/** Solidity's Error(string) selector. */
const ERROR_SELECTOR = "0x08c379a0";

/** The reason string of an `Error(string)` revert, as geth's `revertReason`. */
function decodeRevertReason(data: Uint8Array): string | undefined {
  if (data.length < 68 || bytesToHex(data.subarray(0, 4)) !== ERROR_SELECTOR) return undefined;
  const length = Number(BigInt(bytesToHex(data.subarray(36, 68))));
  if (68 + length > data.length) return undefined;
  return new TextDecoder().decode(data.subarray(68, 68 + length));
}

/** geth's texts for the EVM errors a call frame can end with. */
function formatError(error: string): string {
  return error === "revert" ? "execution reverted" : error;
}

function readMemory(memory: Uint8Array, offset: bigint, size: bigint): Uint8Array {
  const out = new Uint8Array(Number(size));
  const start = Number(offset);
  if (start < memory.length) out.set(memory.subarray(start, Math.min(memory.length, start + out.length)));
  return out;
}

export class CallTracer implements TxTracer {
  private readonly stack: CallFrame[] = [];
  private root: CallFrame | undefined;
  /** The call opcode last executed at each depth: the type of the frame the next message opens. */
  private pendingType: string | undefined;

  constructor(
    private readonly config: TraceConfig,
    private readonly tx: TypedTransaction,
    private readonly sender: Uint8Array,
  ) {}

  onStep(step: InterpreterStep): void {
    const name = step.opcode.name;
    if (CALL_OPS.has(name)) this.pendingType = name;
    if (this.config.withLog === true && name.startsWith("LOG")) {
      const frame = this.stack[this.stack.length - 1];
      if (frame === undefined) return;
      const s = step.stack;
      const count = Number(name.slice(3));
      const topics: string[] = [];
      for (let i = 0; i < count; i++) topics.push(bytesToHex(setLengthLeft(bigIntBytes(s[s.length - 3 - i] ?? 0n), 32)));
      const data = readMemory(step.memory, s[s.length - 1] ?? 0n, s[s.length - 2] ?? 0n);
      frame.logs ??= [];
      frame.logs.push({
        address: step.address.toString(),
        topics,
        data: bytesToHex(data),
        position: bigIntToHex(BigInt(frame.calls?.length ?? 0)),
      });
    }
  }

  onBeforeMessage(message: Message): void {
    const depth = this.stack.length;
    const type = depth === 0 ? (message.to === undefined ? "CREATE" : "CALL") : (this.pendingType ?? "CALL");
    this.pendingType = undefined;
    const frame: CallFrame = {
      type,
      from: message.caller.toString(),
      gas: bigIntToHex(depth === 0 ? this.tx.gasLimit : message.gasLimit),
      gasUsed: "0x0",
      input: bytesToHex(message.data),
    };
    if (message.to !== undefined) frame.to = message.to.toString();
    if (type !== "STATICCALL") frame.value = bigIntToHex(message.value);
    if (depth === 0) this.root = frame;
    else if (this.config.onlyTopCall !== true) {
      const parent = this.stack[depth - 1]!;
      parent.calls ??= [];
      parent.calls.push(frame);
    }
    this.stack.push(frame);
  }

  onAfterMessage(result: EVMResult): void {
    const frame = this.stack.pop();
    if (frame === undefined) return;
    const exec = result.execResult;
    frame.gasUsed = bigIntToHex(exec.executionGasUsed);
    if (result.createdAddress !== undefined) frame.to = result.createdAddress.toString();
    const error = exec.exceptionError?.error;
    if (error === undefined) {
      frame.output = bytesToHex(exec.returnValue);
      return;
    }
    frame.error = formatError(error);
    if (error === "revert") {
      frame.output = bytesToHex(exec.returnValue);
      const reason = decodeRevertReason(exec.returnValue);
      if (reason !== undefined) frame.revertReason = reason;
    }
    // As geth: a failed frame's logs (and its callees') did not happen.
    dropLogs(frame);
  }

  finish(outcome: TxOutcome, _state: FlatStateManager): unknown {
    if (outcome.status === "invalid") throw new Error(outcome.reason);
    const execution = outcome.execution;
    const root = this.root ?? {
      type: this.tx.to === undefined ? "CREATE" : "CALL",
      from: bytesToHex(this.sender),
      gas: bigIntToHex(this.tx.gasLimit),
      gasUsed: "0x0",
      input: bytesToHex(this.tx.data),
      ...(this.tx.to !== undefined ? { to: this.tx.to.toString() } : {}),
      value: bigIntToHex(this.tx.value),
    };
    // The top frame reports the transaction's gas: intrinsic gas and refunds included.
    root.gasUsed = bigIntToHex(execution.gasUsed);
    if (this.tx.to === undefined && root.to === undefined) {
      root.to = createContractAddress(new Address(this.sender), this.tx.nonce).toString();
    }
    if (execution.error !== undefined && root.error === undefined) root.error = formatError(execution.error);
    return root;
  }
}

function bigIntBytes(value: bigint): Uint8Array {
  const hex = value.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, "hex"));
}

function dropLogs(frame: CallFrame): void {
  delete frame.logs;
  for (const call of frame.calls ?? []) dropLogs(call);
}
