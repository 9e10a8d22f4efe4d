import type { Common, Genesis, TypedTransaction } from "@eigenchain/chain";
import { createChainCommon, parseGenesis } from "@eigenchain/chain";
import { createTx } from "@ethereumjs/tx";
import { bytesToHex, privateToAddress } from "@ethereumjs/util";
import { keccakJs } from "../../src/crypto/keccak.js";
import type { BlockEnv } from "../../src/index.js";
import { bytesToHexFast } from "../../src/state/bytes.js";

export const CHAIN_ID = 1337n;
export const common: Common = createChainCommon(CHAIN_ID);
export const BASE_FEE = 7n;

export interface TestAccount {
  key: Uint8Array;
  address: Uint8Array;
  hex: string;
}

export function createAccount(i: number): TestAccount {
  const seed = new Uint8Array(4);
  new DataView(seed.buffer).setUint32(0, i + 1);
  const key = keccakJs(seed);
  const address = privateToAddress(key);
  return { key, address, hex: bytesToHex(address) };
}

export function createMemoryDb() {
  const map = new Map<string, Uint8Array>();
  return {
    map,
    async get(key: Uint8Array) {
      return map.get(bytesToHexFast(key));
    },
  };
}

export function createEnv(overrides: Partial<BlockEnv> = {}): BlockEnv {
  const coinbase = new Uint8Array(20).fill(0xcb);
  return {
    number: 1n,
    timestamp: 1_700_000_000n,
    gasLimit: 30_000_000n,
    baseFeePerGas: BASE_FEE,
    coinbase,
    prevRandao: new Uint8Array(32).fill(3),
    parentHash: new Uint8Array(32).fill(9),
    ...overrides,
  };
}

export function createGenesis(
  alloc: Record<string, { balance?: bigint; nonce?: bigint; code?: Uint8Array; storage?: Record<string, string> }>,
): Genesis {
  const json: Record<string, unknown> = {};
  for (const [addr, a] of Object.entries(alloc)) {
    json[addr] = {
      balance: `0x${(a.balance ?? 0n).toString(16)}`,
      nonce: `0x${(a.nonce ?? 0n).toString(16)}`,
      ...(a.code !== undefined ? { code: bytesToHex(a.code) } : {}),
      ...(a.storage !== undefined ? { storage: a.storage } : {}),
    };
  }
  return parseGenesis({ config: { chainId: Number(CHAIN_ID) }, gasLimit: "0x1c9c380", alloc: json });
}

export interface TxParams {
  nonce: bigint;
  to?: Uint8Array;
  value?: bigint;
  data?: Uint8Array;
  gasLimit?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  type?: 0 | 2 | 4;
  authorizationList?: unknown[];
}

export function signTx(from: TestAccount, p: TxParams): TypedTransaction {
  const type = p.type ?? 2;
  const base = {
    nonce: p.nonce,
    gasLimit: p.gasLimit ?? 100_000n,
    value: p.value ?? 0n,
    data: p.data ?? new Uint8Array(),
    ...(p.to !== undefined ? { to: p.to } : {}),
    chainId: CHAIN_ID,
  };
  const data =
    type === 0
      ? { ...base, type: 0, gasPrice: p.maxFeePerGas ?? 10n }
      : {
          ...base,
          type,
          maxFeePerGas: p.maxFeePerGas ?? 10n,
          maxPriorityFeePerGas: p.maxPriorityFeePerGas ?? 2n,
          ...(type === 4 ? { authorizationList: p.authorizationList ?? [] } : {}),
        };
  return createTx(data as never, { common }).sign(from.key);
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
}

/** Wraps runtime code in init code that returns it. */
export function deployCode(runtime: Uint8Array): Uint8Array {
  const len = runtime.length;
  if (len > 255) throw new Error("runtime too long for this helper");
  const init = hex(`60${len.toString(16).padStart(2, "0")}600c60003960${len.toString(16).padStart(2, "0")}6000f3`);
  const out = new Uint8Array(init.length + len);
  out.set(init);
  out.set(runtime, init.length);
  return out;
}

/** slot0 += 1; LOG1(topic 0xaa, data = new value); returns the new value. */
export const COUNTER = hex("6000546001018060005560005260aa60206000a160206000f3");
/** Reverts with 32 bytes of data (0x2a). */
export const REVERTER = hex("602a60005260206000fd");
/** Loops forever: runs out of gas. */
export const LOOP = hex("5b600056");
/** Returns BALANCE(COINBASE) and stores it in slot 0. */
export const READ_COINBASE = hex("41318060005560005260206000f3");
/** SELFDESTRUCT to the address in calldata[12..32). */
export const SELFDESTRUCT = hex("600035ff");

export const TRANSFER_TOPIC = hex("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");

/**
 * A minimal token: storage slot = holder address. Calldata: to (32 bytes) ‖ amount (32 bytes).
 * Reverts when the caller's balance is short; emits Transfer(from, to) with the amount as data.
 */
export const TOKEN = hex(
  "6020353354818110604557819003335560003580548201815581600052337f" +
    "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef" +
    "60206000a3005b60006000fd",
);

export function tokenTransferData(to: Uint8Array, amount: bigint): Uint8Array {
  const data = new Uint8Array(64);
  data.set(to, 12);
  data.set(hex(amount.toString(16).padStart(64, "0")), 32);
  return data;
}

/** A 32-byte storage key holding `address` right-aligned (the token's balance slot). */
export function addressSlot(address: Uint8Array): string {
  return `0x${"00".repeat(12)}${Buffer.from(address).toString("hex")}`;
}
