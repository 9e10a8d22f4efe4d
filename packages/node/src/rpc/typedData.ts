// EIP-712 typed structured data: the digest eth_signTypedData_v4 signs (encodeType, encodeData, domain separator).
import { keccak256 } from "@eigenchain/chain";
import { bigIntToBytes, concatBytes, hexToBytes, setLengthLeft, setLengthRight } from "@ethereumjs/util";
import { createInvalidParamsError } from "./errors.js";

interface TypedField {
  name: string;
  type: string;
}

export interface TypedData {
  types: Record<string, TypedField[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/** The EIP712Domain fields a domain may carry, in the order EIP-712 lists them. */
const DOMAIN_FIELDS: TypedField[] = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
  { name: "salt", type: "bytes32" },
];

function fail(problem: string): never {
  throw createInvalidParamsError(`invalid argument 1: typed data: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The typed data object (or its JSON text, as MetaMask sends it), typed once. */
export function readTypedData(value: unknown): TypedData {
  let data = value;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      fail("not JSON");
    }
  }
  if (!isRecord(data) || !isRecord(data.types) || typeof data.primaryType !== "string")
    fail("expected {types, primaryType, domain, message}");
  const types: Record<string, TypedField[]> = {};
  for (const [name, fields] of Object.entries(data.types)) {
    if (!Array.isArray(fields) || fields.some((f) => !isRecord(f) || typeof f.name !== "string" || typeof f.type !== "string")) {
      fail(`type ${name} must be a list of {name, type}`);
    }
    types[name] = fields as TypedField[];
  }
  const domain = isRecord(data.domain) ? data.domain : {};
  types.EIP712Domain ??= DOMAIN_FIELDS.filter((f) => domain[f.name] !== undefined);
  if (types[data.primaryType] === undefined) fail(`primary type ${data.primaryType} is not defined`);
  return { types, primaryType: data.primaryType, domain, message: isRecord(data.message) ? data.message : {} };
}

function dependencies(types: TypedData["types"], type: string, found: Set<string>): Set<string> {
  const base = type.replace(/(\[\d*\])+$/, "");
  if (found.has(base) || types[base] === undefined) return found;
  found.add(base);
  for (const field of types[base]!) dependencies(types, field.type, found);
  return found;
}

/** `Mail(Person from,Person to,string contents)Person(string name,address wallet)`. */
export function encodeType(types: TypedData["types"], primary: string): string {
  const deps = [...dependencies(types, primary, new Set())].filter((t) => t !== primary).sort();
  return [primary, ...deps].map((t) => `${t}(${types[t]!.map((f) => `${f.type} ${f.name}`).join(",")})`).join("");
}

function toBigInt(value: unknown, type: string): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|-?\d+)$/.test(value)) return BigInt(value);
  if (typeof value === "boolean" && type === "bool") return value ? 1n : 0n;
  return fail(`${JSON.stringify(value)} is not a valid ${type}`);
}

function toBytes(value: unknown, type: string): Uint8Array {
  if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) fail(`${JSON.stringify(value)} is not valid hex for ${type}`);
  return hexToBytes(value as `0x${string}`);
}

function encodeInteger(value: bigint, type: string): Uint8Array {
  const bits = Number(type.replace(/^u?int/, "") || "256");
  const signed = type.startsWith("int");
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (value < min || value > max) fail(`${value} does not fit ${type}`);
  const word = value < 0n ? (1n << 256n) + value : value;
  return setLengthLeft(bigIntToBytes(word), 32);
}

function encodeField(types: TypedData["types"], type: string, value: unknown): Uint8Array {
  if (types[type] !== undefined) {
    if (!isRecord(value)) fail(`${type} value must be an object`);
    return keccak256(encodeData(types, type, value));
  }
  const array = /^(.*)\[(\d*)\]$/.exec(type);
  if (array !== null) {
    if (!Array.isArray(value)) fail(`${type} value must be an array`);
    if (array[2] !== "" && value.length !== Number(array[2])) fail(`${type} needs ${array[2]} items`);
    return keccak256(concatBytes(...value.map((item) => encodeField(types, array[1]!, item))));
  }
  if (type === "string") {
    if (typeof value !== "string") fail("string value must be a string");
    return keccak256(new TextEncoder().encode(value));
  }
  if (type === "bytes") return keccak256(toBytes(value, type));
  if (type === "address") {
    const bytes = toBytes(value, type);
    if (bytes.length !== 20) fail(`${JSON.stringify(value)} is not an address`);
    return setLengthLeft(bytes, 32);
  }
  if (type === "bool") return encodeInteger(toBigInt(value, type), "uint8");
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed !== null) {
    const bytes = toBytes(value, type);
    if (bytes.length !== Number(fixed[1])) fail(`${JSON.stringify(value)} is not ${type}`);
    return setLengthRight(bytes, 32);
  }
  if (/^u?int\d*$/.test(type)) return encodeInteger(toBigInt(value, type), type);
  return fail(`unknown type ${type}`);
}

function encodeData(types: TypedData["types"], type: string, data: Record<string, unknown>): Uint8Array {
  const fields = types[type]!;
  const typeHash = keccak256(new TextEncoder().encode(encodeType(types, type)));
  return concatBytes(typeHash, ...fields.map((f) => encodeField(types, f.type, data[f.name])));
}

/** The 32 bytes eth_signTypedData_v4 signs: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)). */
export function hashTypedData(data: TypedData): Uint8Array {
  const domain = keccak256(encodeData(data.types, "EIP712Domain", data.domain));
  if (data.primaryType === "EIP712Domain") return keccak256(concatBytes(Uint8Array.of(0x19, 0x01), domain));
  const message = keccak256(encodeData(data.types, data.primaryType, data.message));
  return keccak256(concatBytes(Uint8Array.of(0x19, 0x01), domain, message));
}
