// geth's prestateTracer (default mode): every account and slot a transaction touched, as they were before it ran.
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import { Address, bigIntToHex, bytesToHex, setLengthLeft } from "@ethereumjs/util";
import type { FlatStateManager } from "../vm/flatState.js";
import type { TxOutcome } from "../vm/txKernel.js";
import type { TxTracer } from "./types.js";

/** Opcodes whose top stack item is an address they read. */
const ADDRESS_OPS = new Set(["BALANCE", "EXTCODESIZE", "EXTCODECOPY", "EXTCODEHASH", "SELFDESTRUCT"]);
/** Call opcodes: the second stack item is the callee. */
const CALL_OPS = new Set(["CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"]);

function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16);
  return setLengthLeft(Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? `0${hex}` : hex, "hex")), length);
}

/**
 * Collects what the transaction touches while it runs (sender, recipient, coinbase, every frame's
 * accounts, addresses read by BALANCE / EXTCODE* / calls, slots read or written); the runner then
 * reads them from the state before the transaction (`readPrestate`).
 */
export class PrestateTracer implements TxTracer {
  /** Lower-case 0x address → 0x 32-byte slots. */
  readonly touched = new Map<string, Set<string>>();

  constructor(addresses: readonly Uint8Array[]) {
    for (const address of addresses) this.touch(bytesToHex(address));
  }

  private touch(address: string): Set<string> {
    let slots = this.touched.get(address);
    if (slots === undefined) {
      slots = new Set();
      this.touched.set(address, slots);
    }
    return slots;
  }

  onStep(step: InterpreterStep): void {
    const name = step.opcode.name;
    const s = step.stack;
    const top = s[s.length - 1];
    if (top === undefined) return;
    if (name === "SLOAD" || name === "SSTORE") this.touch(step.address.toString()).add(bytesToHex(toBytes(top, 32)));
    else if (ADDRESS_OPS.has(name)) this.touch(bytesToHex(toBytes(top & ((1n << 160n) - 1n), 20)));
    else if (CALL_OPS.has(name) && s.length >= 2) this.touch(bytesToHex(toBytes(s[s.length - 2]! & ((1n << 160n) - 1n), 20)));
  }

  onBeforeMessage(message: Message): void {
    if (message.to !== undefined) this.touch(message.to.toString());
  }

  onAfterMessage(result: EVMResult): void {
    if (result.createdAddress !== undefined) this.touch(result.createdAddress.toString());
  }

  /** Not used: the runner reads the prestate from the state before the transaction. */
  finish(_outcome: TxOutcome, _state: FlatStateManager): unknown {
    return undefined;
  }

  /** geth's shape: `{address: {balance, nonce?, code?, storage?}}`, zero nonce, empty code and storage left out. */
  async readPrestate(state: FlatStateManager): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [address, slots] of this.touched) {
      const addr = new Address(toBytes(BigInt(address), 20));
      const account = await state.getAccount(addr);
      const entry: Record<string, unknown> = { balance: bigIntToHex(account?.balance ?? 0n) };
      if (account !== undefined && account.nonce > 0n) entry.nonce = Number(account.nonce);
      const code = account === undefined ? new Uint8Array() : await state.getCode(addr);
      if (code.length > 0) entry.code = bytesToHex(code);
      if (slots.size > 0) {
        const storage: Record<string, string> = {};
        for (const slot of slots) {
          storage[slot] = bytesToHex(setLengthLeft(await state.getStorage(addr, toBytes(BigInt(slot), 32)), 32));
        }
        entry.storage = storage;
      }
      out[address] = entry;
    }
    return out;
  }
}
