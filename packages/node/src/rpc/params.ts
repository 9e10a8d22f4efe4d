// Readers that type untrusted JSON-RPC params once, at the edge, with geth's error wording.
import type { CallRequest } from "@eigenchain/executor";
import { hexToBytes } from "@ethereumjs/util";
import { createInvalidParamsError } from "./errors.js";

/**
 * Readers that type untrusted JSON-RPC params once, at the edge. Every failure is -32602 with
 * geth's "invalid argument N: …" wording.
 */

export type BlockTag = "latest" | "pending" | "earliest" | "safe" | "finalized";
const BLOCK_TAGS = new Set<string>(["latest", "pending", "earliest", "safe", "finalized"]);

export type BlockSelector =
  | { kind: "tag"; tag: BlockTag }
  | { kind: "number"; number: bigint }
  | { kind: "hash"; hash: Uint8Array; requireCanonical: boolean };

/** Addresses one log filter may name: geth's limit (its "exceed max addresses"). */
const MAX_FILTER_ADDRESSES = 1000;
/** Alternatives one topic position may list: geth's limit (its "exceed max topics"). */
const MAX_TOPIC_ALTERNATIVES = 1000;

export interface FilterCriteria {
  fromBlock?: BlockSelector;
  toBlock?: BlockSelector;
  blockHash?: Uint8Array;
  /** Any of these addresses; empty means any address. */
  addresses: Uint8Array[];
  /** Per position: any of these topics; null means any topic. */
  topics: (Uint8Array[] | null)[];
}

function fail(index: number, problem: string): never {
  throw createInvalidParamsError(`invalid argument ${index}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Params as an array of at most `max` entries, at least `required` of them present. */
export function expectParams(params: unknown[], required: number, max: number): void {
  if (params.length > max) throw createInvalidParamsError(`too many arguments, want at most ${max}`);
  for (let i = 0; i < required; i++) {
    if (params[i] === undefined || params[i] === null) throw createInvalidParamsError(`missing value for required argument ${i}`);
  }
}

export function readQuantity(value: unknown, index: number): bigint {
  if (typeof value !== "string") return fail(index, `json: cannot unmarshal ${JSON.stringify(value) ?? "undefined"} into a hex quantity`);
  if (!/^0x/i.test(value)) return fail(index, "hex string without 0x prefix");
  const digits = value.slice(2);
  if (digits.length === 0) return fail(index, 'hex string "0x"');
  if (!/^[0-9a-fA-F]+$/.test(digits)) return fail(index, "invalid hex string");
  if (digits.length > 1 && digits.startsWith("0")) return fail(index, "hex number with leading zero digits");
  if (digits.length > 64) return fail(index, "hex number > 256 bits");
  return BigInt(value);
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;
/** EIP-3860's limit on init code (2 × the 24,576-byte code limit). */
const MAX_INITCODE_BYTES = 49_152;
/** The gas a fee field is multiplied by when the call names none: geth's default --rpc.gascap. */
const DEFAULT_CALL_GAS = 50_000_000n;

/** A quantity that must fit 64 bits (block numbers, gas, nonces, counts), as geth's hexutil.Uint64. */
export function readUint64(value: unknown, index: number): bigint {
  const n = readQuantity(value, index);
  if (n > MAX_UINT64) return fail(index, "hex number > 64 bits");
  return n;
}

/**
 * A count given as a JSON number or a hex quantity (eth_feeHistory's block count, geth's
 * math.HexOrDecimal64): a non-negative integer of at most 64 bits.
 */
export function readCount(value: unknown, index: number): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0)
      return fail(index, `invalid count ${JSON.stringify(value)}: want a non-negative integer`);
    return BigInt(value);
  }
  return readUint64(value, index);
}

export function readData(value: unknown, index: number): Uint8Array {
  if (typeof value !== "string") return fail(index, "json: cannot unmarshal non-string into hex data");
  if (!/^0x/i.test(value)) return fail(index, "hex string without 0x prefix");
  if (value.length % 2 !== 0) return fail(index, "hex string of odd length");
  if (!/^0x[0-9a-fA-F]*$/i.test(value)) return fail(index, "invalid hex string");
  return hexToBytes(value.toLowerCase().replace(/^0x/, "0x") as `0x${string}`);
}

function readFixedBytes(value: unknown, index: number, length: number, what: string): Uint8Array {
  const bytes = readData(value, index);
  if (bytes.length !== length) return fail(index, `hex string has length ${bytes.length * 2}, want ${length * 2} for ${what}`);
  return bytes;
}

export function readAddress(value: unknown, index: number): Uint8Array {
  return readFixedBytes(value, index, 20, "common.Address");
}

export function readHash(value: unknown, index: number): Uint8Array {
  return readFixedBytes(value, index, 32, "common.Hash");
}

export function readBool(value: unknown, index: number): boolean {
  if (typeof value !== "boolean") return fail(index, "json: cannot unmarshal non-bool into Go value of type bool");
  return value;
}

/** A block tag, a hex number, or an EIP-1898 object `{blockHash, requireCanonical}` / `{blockNumber}`. */
export function readBlockSelector(value: unknown, index: number, opts: { allowHash: boolean } = { allowHash: true }): BlockSelector {
  if (typeof value === "string") {
    if (BLOCK_TAGS.has(value)) return { kind: "tag", tag: value as BlockTag };
    // geth's BlockNumberOrHash: a bare 32-byte hex string is a block hash.
    if (opts.allowHash && value.length === 66 && /^0x/i.test(value))
      return { kind: "hash", hash: readHash(value, index), requireCanonical: false };
    if (/^0x/i.test(value)) return { kind: "number", number: readUint64(value, index) };
    return fail(index, `invalid block number or tag ${JSON.stringify(value)}`);
  }
  if (isRecord(value) && opts.allowHash) {
    if (value.blockHash !== undefined && value.blockNumber !== undefined)
      return fail(index, "cannot specify both BlockHash and BlockNumber, choose one or the other");
    if (value.blockHash !== undefined) {
      const requireCanonical = value.requireCanonical === undefined ? false : readBool(value.requireCanonical, index);
      return { kind: "hash", hash: readHash(value.blockHash, index), requireCanonical };
    }
    if (value.blockNumber !== undefined) return readBlockSelector(value.blockNumber, index, { allowHash: false });
  }
  return fail(index, "expected a block number, a block tag or a block hash object");
}

export function readOptionalBlockSelector(value: unknown, index: number): BlockSelector {
  return value === undefined || value === null ? { kind: "tag", tag: "latest" } : readBlockSelector(value, index);
}

function readAccessList(value: unknown, index: number): NonNullable<CallRequest["accessList"]> {
  if (!Array.isArray(value)) return fail(index, "accessList: expected an array");
  return value.map((entry) => {
    if (!isRecord(entry)) return fail(index, "accessList: expected {address, storageKeys}");
    const storageKeys = entry.storageKeys ?? [];
    if (!Array.isArray(storageKeys)) return fail(index, "accessList: storageKeys must be an array");
    return { address: readAddress(entry.address, index), storageKeys: storageKeys.map((key) => readHash(key, index)) };
  });
}

/** EIP-7702 signed authorizations `{chainId, address, nonce, yParity (or v), r, s}` (eth_estimateGas for `cast send --auth`). */
function readAuthorizationList(value: unknown, index: number): NonNullable<CallRequest["authorizationList"]> {
  if (!Array.isArray(value)) return fail(index, "authorizationList: expected an array");
  return value.map((entry) => {
    if (!isRecord(entry)) return fail(index, "authorizationList: expected {chainId, address, nonce, yParity, r, s}");
    return {
      chainId: readQuantity(entry.chainId, index),
      address: readAddress(entry.address, index),
      nonce: readUint64(entry.nonce, index),
      yParity: readQuantity(entry.yParity ?? entry.v, index),
      r: readQuantity(entry.r, index),
      s: readQuantity(entry.s, index),
    };
  });
}

/** What no transaction can carry: a fee that overflows 256 bits times its gas, init code past EIP-3860. */
function checkCallBounds(request: CallRequest, index: number): void {
  const gas = request.gas ?? DEFAULT_CALL_GAS;
  for (const [name, fee] of [
    ["gasPrice", request.gasPrice],
    ["maxFeePerGas", request.maxFeePerGas],
    ["maxPriorityFeePerGas", request.maxPriorityFeePerGas],
  ] as const) {
    if (fee !== undefined && fee * gas > MAX_UINT256) fail(index, `${name} * gas exceeds 2^256 - 1`);
  }
  if (request.to === undefined && request.data !== undefined && request.data.length > MAX_INITCODE_BYTES) {
    fail(index, `max initcode size exceeded: code size ${request.data.length}, limit ${MAX_INITCODE_BYTES}`);
  }
}

/** eth_call / eth_estimateGas transaction object. `input` wins over `data` when both are given and equal. */
export function readCallRequest(value: unknown, index: number): CallRequest {
  if (!isRecord(value)) return fail(index, "expected a transaction call object");
  const request: CallRequest = {};
  if (value.from !== undefined && value.from !== null) request.from = readAddress(value.from, index);
  if (value.to !== undefined && value.to !== null) request.to = readAddress(value.to, index);
  if (value.gas !== undefined && value.gas !== null) request.gas = readUint64(value.gas, index);
  if (value.gasPrice !== undefined && value.gasPrice !== null) request.gasPrice = readQuantity(value.gasPrice, index);
  if (value.maxFeePerGas !== undefined && value.maxFeePerGas !== null) request.maxFeePerGas = readQuantity(value.maxFeePerGas, index);
  if (value.maxPriorityFeePerGas !== undefined && value.maxPriorityFeePerGas !== null) {
    request.maxPriorityFeePerGas = readQuantity(value.maxPriorityFeePerGas, index);
  }
  if (value.value !== undefined && value.value !== null) request.value = readQuantity(value.value, index);
  if (value.nonce !== undefined && value.nonce !== null) {
    request.nonce = readUint64(value.nonce, index);
    // EIP-2681: a nonce of 2^64 − 1 can never be used (the next one would overflow).
    if (request.nonce === MAX_UINT64) return fail(index, "nonce has max value");
  }
  const input = value.input ?? undefined;
  const data = value.data ?? undefined;
  if (input !== undefined && data !== undefined && input !== data) {
    return fail(index, 'both "data" and "input" are set and not equal. Please use "input" to pass transaction call data');
  }
  if (input !== undefined || data !== undefined) request.data = readData(input ?? data, index);
  if (value.accessList !== undefined && value.accessList !== null) request.accessList = readAccessList(value.accessList, index);
  if (value.authorizationList !== undefined && value.authorizationList !== null) {
    request.authorizationList = readAuthorizationList(value.authorizationList, index);
  }
  if (request.gasPrice !== undefined && (request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined)) {
    return fail(index, "both gasPrice and (maxFeePerGas or maxPriorityFeePerGas) specified");
  }
  checkCallBounds(request, index);
  return request;
}

function readTopicPosition(value: unknown, index: number): Uint8Array[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return [readHash(value, index)];
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.some((topic) => topic === null)) return null;
    return value.map((topic) => readHash(topic, index));
  }
  return fail(index, "topics: expected a hash, null or an array of hashes");
}

/** Maximum topic positions in a filter: a log has at most four topics. */
const MAX_TOPICS = 4;

export function readFilterCriteria(value: unknown, index: number): FilterCriteria {
  if (value === undefined || value === null) return { addresses: [], topics: [] };
  if (!isRecord(value)) return fail(index, "expected a filter object");
  const criteria: FilterCriteria = { addresses: [], topics: [] };
  if (value.blockHash !== undefined && value.blockHash !== null) {
    if ((value.fromBlock ?? null) !== null || (value.toBlock ?? null) !== null) {
      return fail(index, "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
    }
    criteria.blockHash = readHash(value.blockHash, index);
  }
  if (value.fromBlock !== undefined && value.fromBlock !== null)
    criteria.fromBlock = readBlockSelector(value.fromBlock, index, { allowHash: false });
  if (value.toBlock !== undefined && value.toBlock !== null)
    criteria.toBlock = readBlockSelector(value.toBlock, index, { allowHash: false });
  if (value.address !== undefined && value.address !== null) {
    if (Array.isArray(value.address) && value.address.length > MAX_FILTER_ADDRESSES) {
      return fail(index, `exceed max addresses (at most ${MAX_FILTER_ADDRESSES})`);
    }
    criteria.addresses = Array.isArray(value.address)
      ? value.address.map((a) => readAddress(a, index))
      : [readAddress(value.address, index)];
  }
  if (value.topics !== undefined && value.topics !== null) {
    if (!Array.isArray(value.topics)) return fail(index, "topics: expected an array");
    if (value.topics.length > MAX_TOPICS) return fail(index, "invalid topics: too many topics (max 4)");
    for (const topic of value.topics) {
      if (Array.isArray(topic) && topic.length > MAX_TOPIC_ALTERNATIVES) {
        return fail(index, `exceed max topics (at most ${MAX_TOPIC_ALTERNATIVES} per position)`);
      }
    }
    criteria.topics = value.topics.map((topic) => readTopicPosition(topic, index));
  }
  return criteria;
}
