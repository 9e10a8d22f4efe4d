import type { TypedTransaction } from "@eigenchain/chain";
import { isEigenError } from "@eigenchain/chain";
import type { Block } from "@ethereumjs/block";
import { createBlockFromRLP } from "@ethereumjs/block";
import { bigIntToBytes } from "@ethereumjs/util";
import type { BlockEnv } from "../../src/index.js";
import { BLOCKHASH_WINDOW } from "../../src/index.js";
import type { AccountData } from "../../src/state/account.js";
import { EMPTY_CODE_HASH, stripZeros } from "../../src/state/account.js";
import { bytesToHexFast, equalBytes } from "../../src/state/bytes.js";
import { createEmptyChanges } from "../../src/state/stateChanges.js";
import { EMPTY_TRIE_ROOT } from "../../src/state/trie.js";
import type { BlockchainCase, CaseResult } from "./fixtureTypes.js";
import type { FixtureHarness, ForkContext } from "./harness.js";
import { toHex } from "./harness.js";
import { allocToGenesis } from "./runStateTest.js";

/** EIP-4788 beacon roots contract. */
const BEACON_ROOTS_ADDRESS = "000f3df6d732807ef1319fb7b8bb8522d0beac02";
/** EIP-4788 HISTORY_BUFFER_LENGTH: the ring buffers' size. */
const BEACON_ROOTS_HISTORY = 8191n;
const GWEI = 1_000_000_000n;

function slotHex(n: bigint): string {
  return n.toString(16).padStart(64, "0");
}

/**
 * The executor's block context for a decoded block; `recentBlockHashes` (newest first, the
 * parent's first) lets BLOCKHASH read earlier blocks of the test, as the node's window does.
 */
export function blockEnv(block: Block, recentBlockHashes?: readonly Uint8Array[]): BlockEnv {
  const h = block.header;
  const env: BlockEnv = {
    number: h.number,
    timestamp: h.timestamp,
    gasLimit: h.gasLimit,
    baseFeePerGas: h.baseFeePerGas ?? 0n,
    coinbase: h.coinbase.bytes,
    prevRandao: h.mixHash,
    parentHash: h.parentHash,
  };
  if (h.excessBlobGas !== undefined) env.excessBlobGas = h.excessBlobGas;
  if (recentBlockHashes !== undefined) env.recentBlockHashes = recentBlockHashes;
  return env;
}

/**
 * Block start, outside the executor (which has no EIP-4788 system call): stores the parent beacon
 * block root in the beacon roots contract's ring buffers, exactly as ethereumjs' `runBlock` does
 * (two storage writes, skipped when the contract has no code).
 */
async function applyBeaconRoot(ctx: ForkContext, parentRoot: Uint8Array, block: Block): Promise<Uint8Array> {
  const root = block.header.parentBeaconBlockRoot;
  if (root === undefined || !ctx.common.isActivatedEIP(4788)) return parentRoot;
  const address = Buffer.from(BEACON_ROOTS_ADDRESS, "hex");
  const account = await ctx.store.getAccount(parentRoot, address);
  if (account === undefined || equalBytes(account.codeHash, EMPTY_CODE_HASH)) return parentRoot;
  const length = BEACON_ROOTS_HISTORY;
  const index = block.header.timestamp % length;
  const changes = createEmptyChanges();
  changes.storage.set(
    BEACON_ROOTS_ADDRESS,
    new Map([
      [slotHex(index), stripZeros(bigIntToBytes(block.header.timestamp))],
      [slotHex(index + length), stripZeros(root)],
    ]),
  );
  return ctx.store.applyChanges(parentRoot, changes);
}

/** Block end, outside the executor (which has no withdrawals): credits each withdrawal (gwei). */
async function applyWithdrawals(ctx: ForkContext, stateRoot: Uint8Array, block: Block): Promise<Uint8Array> {
  const withdrawals = block.withdrawals ?? [];
  if (withdrawals.length === 0) return stateRoot;
  const changes = createEmptyChanges();
  for (const w of withdrawals) {
    const addrHex = bytesToHexFast(w.address.bytes);
    const known = changes.accounts.get(addrHex);
    const current: AccountData | null | undefined = known !== undefined ? known : await ctx.store.getAccount(stateRoot, w.address.bytes);
    const next: AccountData =
      current === null || current === undefined
        ? { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH }
        : { ...current };
    next.balance += w.amount * GWEI;
    // A touched empty account is removed (EIP-158), as at the end of any block.
    const empty = next.nonce === 0n && next.balance === 0n && equalBytes(next.codeHash, EMPTY_CODE_HASH);
    changes.accounts.set(addrHex, empty ? null : next);
  }
  return ctx.store.applyChanges(stateRoot, changes);
}

function describeError(err: unknown): string {
  if (isEigenError(err)) return `${err.code}: ${err.message}`;
  return (err as Error).message.split("\n")[0]!;
}

/**
 * Runs a blockchain test: builds the genesis state from `pre`, then for each block decodes its RLP,
 * stores the beacon root, executes the transactions with the harness's executor, credits
 * withdrawals, and checks the header's state root, gas used, receipts root and logs bloom; at the
 * end checks the post state (root) and the last block hash.
 */
export async function runBlockchainCase(c: BlockchainCase, harness: FixtureHarness): Promise<CaseResult> {
  const { id, fork, test } = c;
  const fail = (message: string): CaseResult => ({ id, fork, status: "failed", message });
  const ctx = await harness.forFork(fork);
  let root = await ctx.store.buildGenesis(allocToGenesis(test.pre));
  const genesisRoot = test.genesisBlockHeader.stateRoot.toLowerCase();
  if (toHex(root) !== genesisRoot) return fail(`genesis state root ${toHex(root)} != expected ${genesisRoot}`);
  let lastHash = test.genesisBlockHeader.hash.toLowerCase();
  /** Hashes of the blocks accepted so far, newest first (BLOCKHASH's window). */
  let recent: Uint8Array[] = [Buffer.from(lastHash.slice(2), "hex")];

  for (const [i, fixtureBlock] of test.blocks.entries()) {
    const where = `block ${i + 1}`;
    const expectException = fixtureBlock.expectException;
    let block: Block;
    try {
      block = createBlockFromRLP(Buffer.from(fixtureBlock.rlp.slice(2), "hex"), { common: ctx.common });
    } catch (err) {
      if (expectException !== undefined) continue;
      return fail(`${where}: RLP does not decode: ${describeError(err)}`);
    }
    let stateRoot: Uint8Array;
    let result: Awaited<ReturnType<typeof ctx.executor.executeBlock>>;
    try {
      const start = await applyBeaconRoot(ctx, root, block);
      result = await ctx.executor.executeBlock(start, blockEnv(block, recent), block.transactions as readonly TypedTransaction[]);
      stateRoot = await applyWithdrawals(ctx, result.stateRoot, block);
    } catch (err) {
      if (expectException !== undefined && isEigenError(err, "EXECUTOR_INVALID_TRANSACTION")) continue;
      return fail(`${where}: ${expectException !== undefined ? "" : "unexpected exception: "}${describeError(err)}`);
    }
    const h = block.header;
    const checks: [string, string, string][] = [
      ["state root", toHex(stateRoot), toHex(h.stateRoot)],
      ["gas used", result.gasUsed.toString(), h.gasUsed.toString()],
      ["receipts root", toHex(result.receiptsRoot), toHex(h.receiptTrie)],
      ["logs bloom", toHex(result.logsBloom), toHex(h.logsBloom)],
    ];
    const mismatch = checks.find(([, got, want]) => got !== want);
    if (expectException !== undefined) {
      // The executor does not validate headers: a block meant to be rejected for what only the
      // header shows is rejected here by the header's own claims not matching the execution.
      if (mismatch !== undefined) continue;
      return fail(`${where}: exception expected (${expectException}), but the block executed and matches its header`);
    }
    if (mismatch !== undefined) return fail(`${where}: ${mismatch[0]} ${mismatch[1]} != expected ${mismatch[2]}`);
    root = stateRoot;
    lastHash = toHex(block.hash());
    recent = [block.hash(), ...recent].slice(0, Number(BLOCKHASH_WINDOW));
  }

  const expectedPost =
    test.postStateHash?.toLowerCase() ??
    (test.postState !== undefined ? toHex(await ctx.store.buildGenesis(allocToGenesis(test.postState))) : undefined);
  if (expectedPost !== undefined && toHex(root) !== expectedPost) return fail(`post state root ${toHex(root)} != expected ${expectedPost}`);
  if (lastHash !== test.lastblockhash.toLowerCase())
    return fail(`last block hash ${lastHash} != expected ${test.lastblockhash.toLowerCase()}`);
  return { id, fork, status: "passed" };
}
