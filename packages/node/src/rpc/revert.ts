// Revert reasons (Error(string), Panic(uint256)) and geth's execution-reverted error.
import { bytesToHex } from "@ethereumjs/util";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";

const ERROR_SELECTOR = "0x08c379a0";
const PANIC_SELECTOR = "0x4e487b71";

/** Solidity's panic codes (docs: "Panic via assert and Error via require"). */
const PANIC_REASONS = new Map<number, string>([
  [0x00, "generic panic"],
  [0x01, "assert(false)"],
  [0x11, "arithmetic underflow or overflow"],
  [0x12, "division or modulo by zero"],
  [0x21, "enum overflow"],
  [0x22, "invalid encoded storage byte array accessed"],
  [0x31, "out-of-bounds array access; popping on an empty array"],
  [0x32, "out-of-bounds access of an array or bytesN"],
  [0x41, "out of memory"],
  [0x51, "uninitialized function"],
]);

function readWord(data: Uint8Array, offset: number): bigint | undefined {
  if (offset + 32 > data.length) return undefined;
  return BigInt(bytesToHex(data.subarray(offset, offset + 32)));
}

/** The reason in `Error(string)` or `Panic(uint256)` revert data, as geth's `abi.UnpackRevert` finds it. */
export function decodeRevertReason(data: Uint8Array): string | undefined {
  if (data.length < 4) return undefined;
  const selector = bytesToHex(data.subarray(0, 4));
  const body = data.subarray(4);
  if (selector === ERROR_SELECTOR) {
    const offset = readWord(body, 0);
    if (offset === undefined || offset > BigInt(body.length)) return undefined;
    const length = readWord(body, Number(offset));
    if (length === undefined) return undefined;
    const start = Number(offset) + 32;
    if (BigInt(start) + length > BigInt(body.length)) return undefined;
    return new TextDecoder("utf-8", { fatal: false }).decode(body.subarray(start, start + Number(length)));
  }
  if (selector === PANIC_SELECTOR) {
    const code = readWord(body, 0);
    if (code === undefined) return undefined;
    const known = code <= 0xffn ? PANIC_REASONS.get(Number(code)) : undefined;
    return known ?? `unknown panic code: 0x${code.toString(16)}`;
  }
  return undefined;
}

/** geth's shape: code 3, "execution reverted: <reason>", data = the raw revert bytes. */
export function createRevertError(data: Uint8Array): RpcError {
  const reason = decodeRevertReason(data);
  return new RpcError(
    RPC_ERROR_CODE.EXECUTION_REVERTED,
    reason === undefined ? "execution reverted" : `execution reverted: ${reason}`,
    bytesToHex(data),
  );
}
