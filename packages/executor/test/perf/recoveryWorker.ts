// Worker of benchRecovery.ts: decodes its share of transactions, then recovers their senders.
import { parentPort, workerData } from "node:worker_threads";
import { createChainCommon, decodeTransaction } from "@eigenchain/chain";
import { keccak } from "../../src/crypto/keccak.js";
import type { RecoveryBackend } from "../../src/crypto/recover.js";
import { recoverSenderCached } from "../../src/crypto/recover.js";
import { recoverFromRaw } from "../../src/parallel/rawRecover.js";

const { chainId } = workerData as { chainId: bigint };
const common = createChainCommon(chainId);
parentPort!.on("message", (msg: { raw: Uint8Array[]; backend: RecoveryBackend | "native-raw" } | "close") => {
  if (msg === "close") {
    parentPort!.close();
    return;
  }
  if (msg.backend === "native-raw") {
    const t0 = performance.now();
    let ok = 0;
    for (const r of msg.raw) if (recoverFromRaw(r, chainId, keccak) !== null) ok++;
    parentPort!.postMessage({ decodeMs: 0, recoverMs: performance.now() - t0, ok });
    return;
  }
  const t0 = performance.now();
  const txs = msg.raw.map((r) => decodeTransaction(r, common));
  const t1 = performance.now();
  let ok = 0;
  for (const tx of txs) if (recoverSenderCached(tx, msg.backend) !== null) ok++;
  parentPort!.postMessage({ decodeMs: t1 - t0, recoverMs: performance.now() - t1, ok });
});
