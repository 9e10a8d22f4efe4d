// The executor benchmark's blocks (see docs/benchmarks.md), shared by bench:executor and the
// profiling harness so both measure the same transactions.
import type { Genesis, TypedTransaction } from "@eigenchain/chain";
import { bytesToHex } from "@ethereumjs/util";
import { ETH, TOKEN_ADDR } from "../utils/blocks.js";
import type { TestAccount } from "../utils/fixtures.js";
import { addressSlot, createAccount, createGenesis, signTx, TOKEN, tokenTransferData } from "../utils/fixtures.js";

/**
 * Blocks a path runs before it is timed: each worker thread has its own JIT and sees only its
 * share of a block, so a fresh pool takes about five blocks to reach steady state.
 */
export const WARMUP_BLOCKS = 5;

export const WORKLOADS = ["transfers-independent", "erc20-independent", "erc20-hotspot", "mixed", "few-senders", "serial-chain"] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** Senders 0…txs−1 (funded, each holding tokens) and recipients txs…2·txs−1, plus the token contract. */
export interface BenchWorld {
  txs: number;
  accounts: TestAccount[];
  genesis: Genesis;
}

export function createBenchWorld(txs: number): BenchWorld {
  const accounts = Array.from({ length: txs * 2 }, (_, i) => createAccount(i));
  const alloc: Parameters<typeof createGenesis>[0] = {};
  const tokenStorage: Record<string, string> = {};
  for (const a of accounts.slice(0, txs)) {
    alloc[a.hex] = { balance: 1000n * ETH };
    tokenStorage[addressSlot(a.address)] = "0x0f4240";
  }
  alloc[bytesToHex(TOKEN_ADDR)] = { code: TOKEN, storage: tokenStorage };
  return { txs, accounts, genesis: createGenesis(alloc) };
}

function rand(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** One block of the named workload, as encoded transactions (decode a fresh copy per run). */
export function createWorkload(world: BenchWorld, name: WorkloadName): Uint8Array[] {
  const { txs: n, accounts } = world;
  const r = rand(42);
  const txs: TypedTransaction[] = [];
  for (let i = 0; i < n; i++) {
    const from = accounts[i]!;
    const to = accounts[n + i]!;
    switch (name) {
      case "transfers-independent":
        txs.push(signTx(from, { nonce: 0n, to: to.address, value: 1n, gasLimit: 21_000n }));
        break;
      case "erc20-independent":
        txs.push(signTx(from, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(to.address, 1n), gasLimit: 80_000n }));
        break;
      case "erc20-hotspot":
        txs.push(signTx(from, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(accounts[n]!.address, 1n), gasLimit: 80_000n }));
        break;
      case "mixed": {
        // ~40% pay the sender of one of the previous 20 transactions: a read-modify-write of an account it wrote.
        const dep = i > 0 && r() < 0.4;
        const target = dep ? accounts[Math.max(0, i - 1 - Math.floor(r() * 20))]! : to;
        txs.push(signTx(from, { nonce: 0n, to: target.address, value: 1n, gasLimit: 21_000n }));
        break;
      }
      case "few-senders":
        // `pnpm bench:node`'s shape: 8 senders round-robin (8 nonce chains side by side), 250 recipients.
        txs.push(
          signTx(accounts[i % 8]!, {
            nonce: BigInt(Math.floor(i / 8)),
            to: accounts[n + (i % 250)]!.address,
            value: 1n,
            gasLimit: 21_000n,
          }),
        );
        break;
      case "serial-chain":
        txs.push(signTx(accounts[0]!, { nonce: BigInt(i), to: to.address, value: 1n, gasLimit: 21_000n }));
        break;
    }
  }
  return txs.map((t) => t.serialize());
}
