// geth's default tracer (the struct logger): one entry per executed opcode with pc, gas, stack, memory and storage.
import type { InterpreterStep } from "@ethereumjs/evm";
import { bigIntToHex, bytesToHex, setLengthLeft } from "@ethereumjs/util";
import type { FlatStateManager } from "../vm/flatState.js";
import type { TxOutcome } from "../vm/txKernel.js";
import type { TraceConfig, TxTracer } from "./types.js";
import { TraceLimitError } from "./types.js";

/**
 * Entries one struct-log trace may hold when the request sets no `limit`: a few hundred bytes each,
 * so ~100 MB of JSON at most before the response size limit would refuse it anyway.
 */
export const MAX_STRUCT_LOGS = 250_000;

const SLOAD = 0x54;
const SSTORE = 0x55;

function toWord(value: bigint): string {
  return bytesToHex(setLengthLeft(hexToBytesOf(value), 32));
}

function hexToBytesOf(value: bigint): Uint8Array {
  const hex = value.toString(16);
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, "hex"));
}

function memoryWords(memory: Uint8Array): string[] {
  const words: string[] = [];
  for (let offset = 0; offset < memory.length; offset += 32) words.push(bytesToHex(memory.subarray(offset, offset + 32)));
  return words;
}

export class StructLogger implements TxTracer {
  private readonly logs: Record<string, unknown>[] = [];
  /** Per contract: the slots seen so far (geth shows the accumulated storage at each SLOAD / SSTORE). */
  private readonly storage = new Map<string, Record<string, string>>();
  private readonly limit: number;

  constructor(private readonly config: TraceConfig) {
    this.limit = config.limit !== undefined && config.limit > 0 ? config.limit : MAX_STRUCT_LOGS;
  }

  /** Synchronous except for an SLOAD's storage read (the entry is in place before it). */
  onStep(step: InterpreterStep): Promise<void> | undefined {
    if (this.logs.length >= this.limit) {
      if (this.config.limit !== undefined && this.config.limit > 0) return undefined;
      throw new TraceLimitError(`trace exceeds ${MAX_STRUCT_LOGS} struct log entries`);
    }
    const entry: Record<string, unknown> = {
      pc: step.pc,
      op: step.opcode.name,
      gas: Number(step.gasLeft),
      gasCost: Number(step.opcode.dynamicFee ?? BigInt(step.opcode.fee)),
      depth: step.depth + 1,
    };
    if (step.gasRefund > 0n) entry.refund = Number(step.gasRefund);
    if (this.config.disableStack !== true) entry.stack = step.stack.map((item) => bigIntToHex(item));
    if (this.config.enableMemory === true) entry.memory = memoryWords(step.memory);
    this.logs.push(entry);
    if (this.config.disableStorage !== true && (step.opcode.code === SLOAD || step.opcode.code === SSTORE)) {
      return this.recordStorage(step).then((storage) => {
        entry.storage = storage;
      });
    }
    return undefined;
  }

  private async recordStorage(step: InterpreterStep): Promise<Record<string, string>> {
    const address = step.address.toString();
    let slots = this.storage.get(address);
    if (slots === undefined) {
      slots = {};
      this.storage.set(address, slots);
    }
    const stack = step.stack;
    const key = stack[stack.length - 1];
    if (key !== undefined) {
      if (step.opcode.code === SSTORE) {
        slots[toWord(key)] = toWord(stack[stack.length - 2] ?? 0n);
      } else {
        const value = await step.stateManager.getStorage(step.address, setLengthLeft(hexToBytesOf(key), 32));
        slots[toWord(key)] = bytesToHex(setLengthLeft(value, 32));
      }
    }
    return { ...slots };
  }

  finish(outcome: TxOutcome, _state: FlatStateManager): unknown {
    if (outcome.status === "invalid") throw new Error(outcome.reason);
    const execution = outcome.execution;
    return {
      gas: Number(execution.gasUsed),
      failed: execution.status === 0,
      returnValue: bytesToHex(execution.returnData),
      structLogs: this.logs,
    };
  }
}
