import type { TypedTransaction } from "@eigenchain/chain";
import { Address, bytesToHex, createContractAddress, eoaCode7702SignAuthorization } from "@ethereumjs/util";
import type { BlockExecutionResult } from "../../src/index.js";
import type { TestAccount } from "./fixtures.js";
import {
  addressSlot,
  COUNTER,
  createAccount,
  createEnv,
  createGenesis,
  deployCode,
  hex,
  READ_COINBASE,
  REVERTER,
  SELFDESTRUCT,
  signTx,
  TOKEN,
  tokenTransferData,
} from "./fixtures.js";

export const ETH = 10n ** 18n;
export const TOKEN_ADDR = hex("00000000000000000000000000000000000070ce");
export const COUNTER_ADDR = hex("000000000000000000000000000000000000c0de");
export const READ_CB_ADDR = hex("000000000000000000000000000000000000cb0b");
export const REVERTER_ADDR = hex("000000000000000000000000000000000000dead");
export const SELFDESTRUCT_ADDR = hex("000000000000000000000000000000000000d1e0");
export const FACTORY_ADDR = hex("000000000000000000000000000000000000fac7");
/** CREATE2(salt 1) of the calldata as init code. */
const FACTORY = hex("3660006000376001366000600" + "0f500");
const SELF_DESTRUCTING_INIT = hex("6000ff");

export function createWorld(accounts: number) {
  const users = Array.from({ length: accounts }, (_, i) => createAccount(i));
  const alloc: Parameters<typeof createGenesis>[0] = {};
  const tokenStorage: Record<string, string> = {};
  for (const u of users) {
    alloc[u.hex] = { balance: 1000n * ETH };
    tokenStorage[addressSlot(u.address)] = "0x0f4240";
  }
  alloc[bytesToHex(TOKEN_ADDR)] = { code: TOKEN, storage: tokenStorage };
  alloc[bytesToHex(COUNTER_ADDR)] = { code: COUNTER };
  alloc[bytesToHex(READ_CB_ADDR)] = { code: READ_COINBASE };
  alloc[bytesToHex(REVERTER_ADDR)] = { code: REVERTER };
  alloc[bytesToHex(SELFDESTRUCT_ADDR)] = { code: SELFDESTRUCT, balance: 5n };
  alloc[bytesToHex(FACTORY_ADDR)] = { code: FACTORY };
  return { users, genesis: createGenesis(alloc) };
}

export type Op =
  | { kind: "eth"; from: number; to: number; value: number }
  | { kind: "ethNew"; from: number; salt: number }
  | { kind: "token"; from: number; to: number; amount: number }
  | { kind: "counter"; from: number }
  | { kind: "readCoinbase"; from: number }
  | { kind: "revert"; from: number }
  | { kind: "oog"; from: number }
  | { kind: "deploy"; from: number }
  | { kind: "create2"; from: number; code: number }
  | { kind: "selfdestructNew"; from: number; value: number }
  | { kind: "selfdestruct"; from: number; to: number; value: number }
  | { kind: "delegate"; from: number; authority: number }
  | { kind: "callAuthority"; from: number; authority: number }
  | { kind: "legacy"; from: number; to: number }
  | { kind: "badNonce"; from: number };

/** Turns ops into signed transactions with consistent nonces (one nonce chain per sender). */
export function createTxs(
  users: TestAccount[],
  ops: readonly Op[],
  coinbase: Uint8Array,
  nonces = new Map<number, bigint>(),
): TypedTransaction[] {
  const next = (i: number): bigint => {
    const n = nonces.get(i) ?? 0n;
    nonces.set(i, n + 1n);
    return n;
  };
  const user = (i: number) => users[i % users.length]!;
  const idx = (i: number) => i % users.length;
  return ops.map((op) => {
    const from = user(op.from);
    const fromIdx = idx(op.from);
    switch (op.kind) {
      case "eth":
        return signTx(from, {
          nonce: next(fromIdx),
          to: op.to === 99 ? coinbase : user(op.to).address,
          value: BigInt(op.value),
          gasLimit: 21_000n,
        });
      case "ethNew":
        return signTx(from, {
          nonce: next(fromIdx),
          to: hex((0x1000 + op.salt).toString(16).padStart(40, "0")),
          value: 1n,
          gasLimit: 25_000n,
        });
      case "token":
        return signTx(from, {
          nonce: next(fromIdx),
          to: TOKEN_ADDR,
          data: tokenTransferData(user(op.to).address, BigInt(op.amount)),
          gasLimit: 80_000n,
        });
      case "counter":
        return signTx(from, { nonce: next(fromIdx), to: COUNTER_ADDR, gasLimit: 60_000n });
      case "readCoinbase":
        return signTx(from, { nonce: next(fromIdx), to: READ_CB_ADDR, gasLimit: 60_000n });
      case "revert":
        return signTx(from, { nonce: next(fromIdx), to: REVERTER_ADDR, gasLimit: 60_000n });
      case "oog":
        return signTx(from, { nonce: next(fromIdx), to: COUNTER_ADDR, gasLimit: 25_000n });
      case "deploy":
        return signTx(from, { nonce: next(fromIdx), data: deployCode(COUNTER), gasLimit: 120_000n });
      case "create2":
        return signTx(from, {
          nonce: next(fromIdx),
          to: FACTORY_ADDR,
          data: deployCode(op.code % 2 === 0 ? COUNTER : REVERTER),
          gasLimit: 150_000n,
        });
      case "selfdestructNew":
        return signTx(from, { nonce: next(fromIdx), data: SELF_DESTRUCTING_INIT, value: BigInt(op.value), gasLimit: 100_000n });
      case "selfdestruct": {
        const data = new Uint8Array(32);
        data.set(user(op.to).address, 12);
        return signTx(from, { nonce: next(fromIdx), to: SELFDESTRUCT_ADDR, data, value: BigInt(op.value), gasLimit: 60_000n });
      }
      case "delegate": {
        const authority = user(op.authority);
        const authIdx = idx(op.authority);
        const sameAsSender = authIdx === fromIdx;
        const txNonce = next(fromIdx);
        const authNonce = sameAsSender ? txNonce + 1n : (nonces.get(authIdx) ?? 0n);
        if (!sameAsSender) nonces.set(authIdx, authNonce + 1n);
        else nonces.set(fromIdx, txNonce + 2n);
        const auth = eoaCode7702SignAuthorization(
          { chainId: "0x539", address: bytesToHex(COUNTER_ADDR), nonce: `0x${authNonce.toString(16)}` },
          authority.key,
        );
        return signTx(from, { nonce: txNonce, to: from.address, type: 4, authorizationList: [auth], gasLimit: 100_000n });
      }
      case "callAuthority":
        return signTx(from, { nonce: next(fromIdx), to: user(op.authority).address, gasLimit: 80_000n });
      case "legacy":
        return signTx(from, { nonce: next(fromIdx), to: user(op.to).address, value: 3n, gasLimit: 21_000n, type: 0 });
      case "badNonce":
        return signTx(from, { nonce: (nonces.get(fromIdx) ?? 0n) + 5n, to: from.address, gasLimit: 21_000n });
      default:
        throw new Error(`unknown op ${JSON.stringify(op satisfies never)}`);
    }
  });
}

export { createEnv };

/** Everything consensus-relevant about a block result, as comparable strings. */
export function summarize(r: BlockExecutionResult) {
  return {
    stateRoot: bytesToHex(r.stateRoot),
    receiptsRoot: bytesToHex(r.receiptsRoot),
    logsBloom: bytesToHex(r.logsBloom),
    gasUsed: r.gasUsed,
    txs: r.transactions.map((t) => [
      bytesToHex(t.tx.hash()),
      t.gasUsed,
      t.receipt.status,
      t.error ?? "",
      t.logs.length,
      t.contractAddress ? bytesToHex(t.contractAddress) : "",
    ]),
    skipped: r.skipped.map((s) => [bytesToHex(s.tx.hash()), s.reason]),
  };
}

export function contractAddressOf(from: TestAccount, nonce: bigint): Uint8Array {
  return createContractAddress(new Address(from.address), nonce).bytes;
}
