// Worker entry of the parallel executor: a warm VM that executes tasks with the kernel and asks
// the coordinator for parent-state values it has not seen.
import { parentPort, workerData } from "node:worker_threads";
import { createChainCommon, decodeTransaction } from "@eigenchain/chain";
import type { TypedTransaction } from "@eigenchain/chain";
import { keccak } from "../crypto/keccak.js";
import { recoverSenderCached } from "../crypto/recover.js";
import type { RecoveryBackend } from "../crypto/recover.js";
import { ParallelKernel } from "./kernel.js";
import type { FromWorker, StateValue, ToWorker } from "./types.js";

const port = parentPort;
if (port === null) throw new Error("worker.ts must run in a worker thread");
const data = workerData as { chainId: bigint; workerId: number; recovery: RecoveryBackend };
const common = createChainCommon(data.chainId);
let nextReadId = 0;
const pendingReads = new Map<number, (v: StateValue | undefined) => void>();
const kernel = new ParallelKernel(common, keccak, (key) =>
  new Promise((resolve) => {
    const id = nextReadId++;
    pendingReads.set(id, resolve);
    port.postMessage({ t: "read", id, key } satisfies FromWorker);
  }),
);

let epoch = -1;
let raw: Uint8Array = new Uint8Array();
let offsets: Uint32Array = new Uint32Array();
let txs: (TypedTransaction | undefined)[] = [];
let queue: Promise<void> = Promise.resolve();

function getTx(index: number): TypedTransaction {
  let tx = txs[index];
  if (tx === undefined) {
    tx = decodeTransaction(raw.subarray(offsets[index]!, offsets[index + 1]!), common);
    txs[index] = tx;
  }
  return tx;
}

port.on("message", (msg: ToWorker) => {
  if (msg.t === "readResult") {
    const resolve = pendingReads.get(msg.id);
    pendingReads.delete(msg.id);
    resolve?.(msg.value);
    return;
  }
  if (msg.t === "close") {
    port.close();
    return;
  }
  if (msg.t === "block") {
    queue = queue.then(async () => {
      epoch = msg.epoch;
      raw = msg.raw;
      offsets = msg.offsets;
      txs = new Array(offsets.length - 1);
      await kernel.startBlock(msg.env);
      const count = msg.recoverTo - msg.recoverFrom;
      const pubkeys = new Uint8Array(count * 64);
      const ok = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        try {
          const tx = getTx(msg.recoverFrom + i);
          if (recoverSenderCached(tx, data.recovery) !== null && tx.cache.senderPubKey !== undefined) {
            pubkeys.set(tx.cache.senderPubKey, i * 64);
            ok[i] = 1;
          }
        } catch {
          ok[i] = 0;
        }
      }
      port.postMessage({ t: "recovered", from: msg.recoverFrom, pubkeys, ok } satisfies FromWorker, [pubkeys.buffer, ok.buffer]);
    });
    return;
  }
  // task: learn the committed prefix now, execute in order.
  kernel.learnEntries(
    msg.committed.map(([k, v]) => [k, v]),
    msg.committed.map((e) => e[2]),
    msg.code,
  );
  kernel.seedBase(msg.base);
  queue = queue.then(async () => {
    if (msg.epoch !== epoch) {
      // A task of an abandoned block: answer anyway so the coordinator's in-flight count stays right.
      port.postMessage({ t: "result", epoch: msg.epoch, worker: data.workerId, result: { code: "error", error: "stale", index: msg.index } } satisfies FromWorker);
      return;
    }
    try {
      const tx = getTx(msg.index);
      if (msg.pubkey !== null && tx.cache.senderPubKey === undefined && Object.isFrozen(tx)) tx.cache.senderPubKey = msg.pubkey;
      const result = await kernel.execute(msg.index, msg.incarnation, tx, 1n << 62n);
      port.postMessage({ t: "result", epoch: msg.epoch, worker: data.workerId, result: { code: "success", result } } satisfies FromWorker);
    } catch (err) {
      port.postMessage({ t: "result", epoch: msg.epoch, worker: data.workerId, result: { code: "error", error: (err as Error).message, index: msg.index } } satisfies FromWorker);
    }
  });
});
