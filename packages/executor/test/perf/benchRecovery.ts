// Sender recovery per transaction: pure JS (noble, ethereumjs's default) vs native secp256k1, on
// one thread and split over worker threads. One JSON line per backend × threads. `native-raw` is
// what the parallel executor does: native recovery straight from the encoded bytes (no decode).
// Usage: benchRecovery.ts [txs=2000] [workers=2]
import { Worker } from "node:worker_threads";
import { decodeTransaction } from "@eigenchain/chain";
import { keccak } from "../../src/crypto/keccak.js";
import type { RecoveryBackend } from "../../src/crypto/recover.js";
import { recoverSenderCached } from "../../src/crypto/recover.js";
import { recoverFromRaw } from "../../src/parallel/rawRecover.js";
import { CHAIN_ID, common, createAccount, signTx } from "../utils/fixtures.js";

const TXS = Number(process.argv[2] ?? 2000);
const WORKERS = Number(process.argv[3] ?? 2);
/** noble takes ~1.4 ms per recovery: a quarter of the block keeps the run short, per-tx figures are the same. */
const JS_FRACTION = 4;

const accounts = Array.from({ length: 64 }, (_, i) => createAccount(i));
const raw = Array.from({ length: TXS }, (_, i) =>
  signTx(accounts[i % accounts.length]!, {
    nonce: BigInt(i),
    to: accounts[(i + 1) % accounts.length]!.address,
    value: 1n,
    gasLimit: 21_000n,
  }).serialize(),
);

function startWorker(): Worker {
  const entry = new URL("./recoveryWorker.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  return new Worker(`import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: { chainId: CHAIN_ID },
  });
}

type Backend = RecoveryBackend | "native-raw";

function oneThread(backend: Backend, txs: Uint8Array[]): number {
  if (backend === "native-raw") {
    const t0 = performance.now();
    for (const r of txs) recoverFromRaw(r, CHAIN_ID, keccak);
    return performance.now() - t0;
  }
  const decoded = txs.map((r) => decodeTransaction(r, common));
  const t0 = performance.now();
  for (const tx of decoded) recoverSenderCached(tx, backend);
  return performance.now() - t0;
}

async function split(
  workers: Worker[],
  backend: Backend,
  txs: Uint8Array[],
): Promise<{ wallMs: number; recoverMs: number; decodeMs: number }> {
  const chunk = Math.ceil(txs.length / workers.length);
  const t0 = performance.now();
  const parts = await Promise.all(
    workers.map(
      (w, k) =>
        new Promise<{ decodeMs: number; recoverMs: number }>((resolve) => {
          w.once("message", resolve);
          w.postMessage({ raw: txs.slice(k * chunk, (k + 1) * chunk), backend });
        }),
    ),
  );
  return {
    wallMs: performance.now() - t0,
    recoverMs: Math.max(...parts.map((p) => p.recoverMs)),
    decodeMs: Math.max(...parts.map((p) => p.decodeMs)),
  };
}

const workers = Array.from({ length: WORKERS }, startWorker);
for (const backend of ["native-raw", "native", "js"] as const) {
  const txs = backend === "js" ? raw.slice(0, Math.ceil(TXS / JS_FRACTION)) : raw;
  oneThread(backend, txs.slice(0, 50));
  await split(workers, backend, txs.slice(0, 50));
  const single = Math.min(oneThread(backend, txs), oneThread(backend, txs));
  process.stdout.write(
    `${JSON.stringify({ backend, txs: txs.length, threads: 1, wallMs: Math.round(single), usPerTx: Math.round((single / txs.length) * 1000) })}\n`,
  );
  const a = await split(workers, backend, txs);
  const b = await split(workers, backend, txs);
  const best = a.wallMs < b.wallMs ? a : b;
  process.stdout.write(
    `${JSON.stringify({
      backend,
      txs: txs.length,
      threads: WORKERS,
      wallMs: Math.round(best.wallMs),
      usPerTx: Math.round((best.wallMs / txs.length) * 1000),
      workerRecoverMs: Math.round(best.recoverMs),
      workerDecodeMs: Math.round(best.decodeMs),
      speedup: Number((single / best.recoverMs).toFixed(2)),
    })}\n`,
  );
}
for (const w of workers) await w.terminate();
