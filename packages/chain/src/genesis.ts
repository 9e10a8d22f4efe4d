// Genesis files (EIGENChain's format: geth's genesis.json shape plus validators; or geth's own format with a fork schedule): parsing and validation.
import { bytesToHex, hexToBytes, isHexString } from "@ethereumjs/util";
import { EigenError } from "./errors.js";

export type GenesisErrorType = { code: "GENESIS_INVALID"; path: string };

export interface GenesisAccount {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  /** 32-byte slot key (hex) → value bytes, leading zeros stripped as in the state trie. */
  storage: Map<string, Uint8Array>;
}

export interface GenesisValidator {
  name: string;
  /** Compressed BLS12-381 public key (48 bytes). */
  blsPublicKey: Uint8Array;
  power: bigint;
  /** BLS proof of possession (96 bytes): the node checks it before trusting same-message aggregation. */
  proofOfPossession?: Uint8Array;
}

/** A parsed, validated genesis file (geth's genesis.json shape plus `validators`). */
export interface Genesis {
  chainId: bigint;
  gasLimit: bigint;
  baseFeePerGas: bigint;
  timestamp: bigint;
  extraData: Uint8Array;
  coinbase: Uint8Array;
  /** Lower-case 0x address → account. */
  alloc: Map<string, GenesisAccount>;
  validators: GenesisValidator[];
  /**
   * Set when the file is in geth's genesis format: a `config` with a fork schedule (forks by block or
   * time, `terminalTotalDifficulty`, `ethash`, `clique`). It holds the file's JSON, from which
   * ethereumjs builds the chain rules (`createGenesisCommon`); absent for EIGENChain's own format,
   * which runs one fixed rule set.
   */
  geth?: Record<string, unknown>;
}

/** `config` keys of geth's genesis format that name a fork schedule (EIGENChain's format has only `chainId`). */
const GETH_SCHEDULE_KEY = /^(.+Block|.+Time|terminalTotalDifficulty(Passed)?|ethash|clique|blobSchedule)$/;

/** Whether a genesis `config` carries geth's fork schedule. */
export function isGethGenesisConfig(config: Record<string, unknown>): boolean {
  return Object.keys(config).some((key) => GETH_SCHEDULE_KEY.test(key));
}

const MAX_EXTRA_DATA_BYTES = 32;

function fail(path: string, problem: string): never {
  throw new EigenError<GenesisErrorType>({ code: "GENESIS_INVALID", path }, `invalid genesis: ${path}: ${problem}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Accepts a JSON number (safe integer) or a 0x-hex / decimal string. */
function readQuantity(value: unknown, path: string, fallback?: bigint): bigint {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(value)) return BigInt(value);
  return fail(path, `expected a non-negative integer (number, decimal or 0x-hex string), got ${JSON.stringify(value)}`);
}

function readBytes(value: unknown, path: string, fallback?: Uint8Array, exactLength?: number): Uint8Array {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== "string" || !(value === "0x" || isHexString(value)) || value.length % 2 !== 0) {
    return fail(path, `expected an even-length 0x-prefixed hex string, got ${JSON.stringify(value)}`);
  }
  const bytes = hexToBytes(value as `0x${string}`);
  if (exactLength !== undefined && bytes.length !== exactLength) fail(path, `expected ${exactLength} bytes, got ${bytes.length}`);
  return bytes;
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  return bytes.subarray(start);
}

function readAccount(value: unknown, path: string): GenesisAccount {
  if (!isRecord(value)) fail(path, "expected an object with balance, and optionally nonce, code, storage");
  const storage = new Map<string, Uint8Array>();
  if (value.storage !== undefined) {
    if (!isRecord(value.storage)) fail(`${path}.storage`, "expected an object of slot → value");
    for (const [slot, slotValue] of Object.entries(value.storage)) {
      const key = readBytes(slot, `${path}.storage key ${slot}`);
      if (key.length > 32) fail(`${path}.storage key ${slot}`, "slot keys are at most 32 bytes");
      const padded = new Uint8Array(32);
      padded.set(key, 32 - key.length);
      storage.set(bytesToHex(padded), stripLeadingZeros(readBytes(slotValue, `${path}.storage[${slot}]`)));
    }
  }
  return {
    balance: readQuantity(value.balance, `${path}.balance`, 0n),
    nonce: readQuantity(value.nonce, `${path}.nonce`, 0n),
    code: readBytes(value.code, `${path}.code`, new Uint8Array()),
    storage,
  };
}

function readValidators(value: unknown): GenesisValidator[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail("validators", "expected an array");
  return value.map((entry, i) => {
    const path = `validators[${i}]`;
    if (!isRecord(entry)) fail(path, "expected an object with name, blsPublicKey, power");
    if (typeof entry.name !== "string" || entry.name.length === 0) fail(`${path}.name`, "expected a non-empty string");
    const power = readQuantity(entry.power, `${path}.power`);
    if (power === 0n) fail(`${path}.power`, "voting power must be positive");
    const blsPublicKey = readBytes(entry.blsPublicKey, `${path}.blsPublicKey`, undefined, 48);
    if (entry.proofOfPossession === undefined) return { name: entry.name, blsPublicKey, power };
    return {
      name: entry.name,
      blsPublicKey,
      power,
      proofOfPossession: readBytes(entry.proofOfPossession, `${path}.proofOfPossession`, undefined, 96),
    };
  });
}

/** Validates an already-parsed genesis object. Every problem names the field it is about. */
export function parseGenesis(json: unknown): Genesis {
  if (!isRecord(json)) fail("(root)", "expected a JSON object");
  if (!isRecord(json.config)) fail("config", "expected an object with chainId");
  const chainId = readQuantity(json.config.chainId, "config.chainId");
  if (chainId === 0n) fail("config.chainId", "chain id must be positive");
  if (!isRecord(json.alloc)) fail("alloc", "expected an object of address → account");
  const alloc = new Map<string, GenesisAccount>();
  for (const [address, account] of Object.entries(json.alloc)) {
    const withPrefix = address.startsWith("0x") ? address : `0x${address}`;
    const bytes = readBytes(withPrefix, `alloc[${address}]`, undefined, 20);
    alloc.set(bytesToHex(bytes), readAccount(account, `alloc[${address}]`));
  }
  const gasLimit = readQuantity(json.gasLimit, "gasLimit");
  if (gasLimit < 5000n) fail("gasLimit", "must be at least 5000");
  const extraData = readBytes(json.extraData, "extraData", new Uint8Array());
  if (extraData.length > MAX_EXTRA_DATA_BYTES) fail("extraData", `at most ${MAX_EXTRA_DATA_BYTES} bytes`);
  const validators = readValidators(json.validators);
  const geth = isGethGenesisConfig(json.config);
  if (geth && validators.length > 0)
    fail("validators", "a genesis in geth's format (a config with a fork schedule) runs without validators");
  if (validators.length > 0 && extraData.length > 0) {
    fail("extraData", "must be empty when validators are given: every header's extraData holds the validator set hash");
  }
  const genesis: Genesis = {
    chainId,
    gasLimit,
    // geth writes `null` for a field its genesis leaves to the fork rules.
    baseFeePerGas: readQuantity(geth ? (json.baseFeePerGas ?? undefined) : json.baseFeePerGas, "baseFeePerGas", geth ? 0n : 1_000_000_000n),
    timestamp: readQuantity(json.timestamp, "timestamp", 0n),
    extraData,
    coinbase: readBytes(json.coinbase, "coinbase", new Uint8Array(20), 20),
    alloc,
    validators,
  };
  if (geth) genesis.geth = json;
  return genesis;
}

/** Parses genesis file text; malformed JSON becomes the same clear GENESIS_INVALID error. */
export function parseGenesisJson(text: string): Genesis {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EigenError<GenesisErrorType>(
      { code: "GENESIS_INVALID", path: "(file)" },
      `invalid genesis: not valid JSON (${(err as Error).message})`,
      { cause: err },
    );
  }
  return parseGenesis(json);
}
