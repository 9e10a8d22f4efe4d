import type { Genesis, Log, TypedTransaction } from "@eigenchain/chain";
import { isEigenError, keccak256, parseGenesis } from "@eigenchain/chain";
import type { Common } from "@ethereumjs/common";
import { RLP } from "@ethereumjs/rlp";
import { createTx, createTxFromRLP } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import type { BlockEnv } from "../../src/index.js";
import type { CaseResult, FixtureAlloc, StateCase, StatePostEntry, StateTestJson } from "./fixtureTypes.js";
import type { FixtureHarness } from "./harness.js";
import { toHex } from "./harness.js";

export function bytes(hex: string): Uint8Array {
  return hexToBytes((hex.length % 2 === 1 ? `0x0${hex.slice(2)}` : hex) as `0x${string}`);
}

/** A fixture's accounts as a genesis the state store can build (chain id and gas limit unused). */
export function allocToGenesis(alloc: FixtureAlloc): Genesis {
  return parseGenesis({ config: { chainId: 1 }, gasLimit: "0x1000000", alloc });
}

/** keccak256(rlp([[address, topics, data], …])): the `logs` field of a state test. */
export function logsHash(logs: readonly Log[]): string {
  return toHex(keccak256(RLP.encode(logs.map((l) => [l.address, l.topics, l.data]))));
}

/**
 * The block a state test's transaction runs in. State tests give no parent hash: BLOCKHASH there
 * is keccak256(decimal string of the number) by the reference runners' convention, which the
 * executor gives for `number - 1` through the parent hash.
 */
export function stateTestEnv(test: StateTestJson): BlockEnv {
  const e = test.env;
  const number = BigInt(e.currentNumber);
  const env: BlockEnv = {
    number,
    timestamp: BigInt(e.currentTimestamp),
    gasLimit: BigInt(e.currentGasLimit),
    baseFeePerGas: BigInt(e.currentBaseFee ?? "0x0a"),
    coinbase: bytes(e.currentCoinbase),
    prevRandao: e.currentRandom !== undefined ? setLength32(bytes(e.currentRandom)) : new Uint8Array(32),
    parentHash:
      e.previousHash !== undefined
        ? bytes(e.previousHash)
        : keccak256(new TextEncoder().encode((number > 0n ? number - 1n : 0n).toString())),
  };
  if (e.currentExcessBlobGas !== undefined) env.excessBlobGas = BigInt(e.currentExcessBlobGas);
  return env;
}

function setLength32(b: Uint8Array): Uint8Array {
  if (b.length === 32) return b;
  const out = new Uint8Array(32);
  out.set(b.subarray(Math.max(0, b.length - 32)), 32 - Math.min(32, b.length));
  return out;
}

/**
 * The transaction of one post entry: decoded from `txbytes` when the fixture has them (exactly the
 * signed bytes the reference clients ran), else built from the transaction matrix and signed with
 * `secretKey`. Types 0–4, blob (3) and set-code (4) included.
 */
export function buildStateTx(test: StateTestJson, post: StatePostEntry, common: Common): TypedTransaction {
  if (post.txbytes !== undefined) return createTxFromRLP(bytes(post.txbytes), { common });
  const t = test.transaction;
  const { data, gas, value } = post.indexes;
  const accessList = t.accessLists?.[data] ?? undefined;
  const type =
    t.authorizationList !== undefined
      ? 4
      : t.blobVersionedHashes !== undefined
        ? 3
        : t.maxFeePerGas !== undefined
          ? 2
          : accessList !== undefined
            ? 1
            : 0;
  const fields: Record<string, unknown> = {
    type,
    nonce: BigInt(t.nonce),
    gasLimit: BigInt(t.gasLimit[gas]!),
    value: BigInt(t.value[value]!),
    data: bytes(t.data[data]!),
    ...(t.to !== "" ? { to: t.to } : {}),
  };
  if (type >= 2) {
    fields.maxFeePerGas = BigInt(t.maxFeePerGas!);
    fields.maxPriorityFeePerGas = BigInt(t.maxPriorityFeePerGas ?? "0x0");
  } else {
    fields.gasPrice = BigInt(t.gasPrice!);
  }
  if (type >= 1) fields.accessList = accessList ?? [];
  if (type === 3) {
    fields.maxFeePerBlobGas = BigInt(t.maxFeePerBlobGas!);
    fields.blobVersionedHashes = t.blobVersionedHashes;
  }
  if (type === 4) {
    fields.authorizationList = t.authorizationList!.map((a) => ({
      chainId: a.chainId,
      address: a.address,
      nonce: a.nonce,
      yParity: a.yParity ?? a.v ?? "0x0",
      r: a.r,
      s: a.s,
    }));
  }
  return createTx(fields as never, { common }).sign(bytes(t.secretKey));
}

function describeError(err: unknown): string {
  if (isEigenError(err)) return `${err.code}: ${err.message}`;
  return (err as Error).message.split("\n")[0]!;
}

/** Runs one (state test, fork, post entry) through the harness's executor: root, logs and validity. */
export async function runStateCase(c: StateCase, harness: FixtureHarness): Promise<CaseResult> {
  const { id, fork, test, post } = c;
  const fail = (message: string): CaseResult => ({ id, fork, status: "failed", message });
  const ctx = await harness.forFork(fork);
  const preRootBytes = await ctx.store.buildGenesis(allocToGenesis(test.pre));
  const preRoot = toHex(preRootBytes);
  const expected = post.hash.toLowerCase();
  const expectException = post.expectException;

  let tx: TypedTransaction;
  try {
    tx = buildStateTx(test, post, ctx.common);
  } catch (err) {
    if (expectException === undefined) return fail(`unexpected exception: transaction does not decode: ${describeError(err)}`);
    if (preRoot !== expected) return fail(`invalid transaction (decode), but expected root ${expected} != pre-state root ${preRoot}`);
    return { id, fork, status: "passed" };
  }

  let result: Awaited<ReturnType<typeof ctx.executor.executeBlock>>;
  try {
    result = await ctx.executor.executeBlock(preRootBytes, stateTestEnv(test), [tx]);
  } catch (err) {
    if (!isEigenError(err, "EXECUTOR_INVALID_TRANSACTION")) return fail(`executor error: ${describeError(err)}`);
    if (expectException === undefined) return fail(`unexpected exception: ${describeError(err)}`);
    if (preRoot !== expected) return fail(`invalid transaction, but expected root ${expected} != pre-state root ${preRoot}`);
    return { id, fork, status: "passed" };
  }
  if (expectException !== undefined)
    return fail(`exception expected (${expectException}), but the transaction executed (gas used ${result.gasUsed})`);
  const root = toHex(result.stateRoot);
  if (root !== expected) return fail(`state root ${root} != expected ${expected}`);
  const logs = logsHash(result.transactions.flatMap((t) => t.logs));
  if (logs !== post.logs.toLowerCase()) return fail(`logs hash ${logs} != expected ${post.logs.toLowerCase()}`);
  return { id, fork, status: "passed" };
}
