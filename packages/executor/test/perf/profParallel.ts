// Profiling harness (not a test): runs one workload through the parallel executor N times after a
// warm-up and prints the monotonic µs window of the timed runs (to cut a --cpu-prof profile).
import { decodeTransaction } from "@eigenchain/chain";
import type { TypedTransaction } from "@eigenchain/chain";
import { createParallelExecutor, createStateStore } from "../../src/index.js";
import { TOKEN, addressSlot, common, createAccount, createEnv, createGenesis, createMemoryDb, signTx, tokenTransferData } from "../utils/fixtures.js";
import { TOKEN_ADDR } from "../utils/blocks.js";
import { bytesToHex } from "@ethereumjs/util";
const TXS = 2000;
const NAME = process.argv[2] ?? "transfers-independent";
const ETH = 10n ** 18n;
const accounts = Array.from({ length: TXS * 2 }, (_, i) => createAccount(i));
const alloc: Parameters<typeof createGenesis>[0] = {};
const tokenStorage: Record<string, string> = {};
for (const a of accounts.slice(0, TXS)) { alloc[a.hex] = { balance: 1000n * ETH }; tokenStorage[addressSlot(a.address)] = "0x0f4240"; }
alloc[bytesToHex(TOKEN_ADDR)] = { code: TOKEN, storage: tokenStorage };
const txs: TypedTransaction[] = [];
let s = 42; const r = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
for (let i = 0; i < TXS; i++) {
  const from = accounts[i]!; const to = accounts[TXS + i]!;
  if (NAME === "erc20-independent") txs.push(signTx(from, { nonce: 0n, to: TOKEN_ADDR, data: tokenTransferData(to.address, 1n), gasLimit: 80_000n }));
  else if (NAME === "mixed") { const dep = i > 0 && r() < 0.4; const target = dep ? accounts[Math.max(0, i - 1 - Math.floor(r() * 20))]! : to; txs.push(signTx(from, { nonce: 0n, to: target.address, value: 1n, gasLimit: 21_000n })); }
  else txs.push(signTx(from, { nonce: 0n, to: to.address, value: 1n, gasLimit: 21_000n }));
}
const raw = txs.map((t) => t.serialize());
const store = await createStateStore({ db: createMemoryDb() }, { common });
const root = await store.buildGenesis(createGenesis(alloc));
const env = createEnv({ gasLimit: 1_000_000_000n });
const parallel = createParallelExecutor({ workers: 2 }, { stateStore: store, common });
for (let i = 0; i < 2; i++) await parallel.executeBlock(root, env, raw.map((x) => decodeTransaction(x, common)));
const blocks = Array.from({ length: 5 }, () => raw.map((x) => decodeTransaction(x, common)));
const from = process.hrtime.bigint() / 1000n;
const times: number[] = [];
for (const b of blocks) { const t0 = performance.now(); const res = await parallel.executeBlock(root, env, b); times.push(performance.now() - t0); if (process.env.PHASES) console.log(JSON.stringify(res.stats.phases)); }
const to = process.hrtime.bigint() / 1000n;
console.log(`window ${from} ${to} times ${times.map(Math.round).join(",")}`);
await parallel.close(); await store.close();
