// Worker entry of the parallel executor: a warm VM that recovers its share of a block's senders,
// then executes batches of transactions with the kernel, reading the parent state from its own
// cache of trie nodes (asking the coordinator only for nodes it has never seen).
import { parentPort, workerData } from "node:worker_threads";
import type { TypedTransaction } from "@eigenchain/chain";
import { cacheSenderPublicKey, createSharedTxCommon, decodeBlockTransaction } from "@eigenchain/chain";
import type { Common } from "@ethereumjs/common";
import { keccak } from "../crypto/keccak.js";
import { recoverSenderCached } from "../crypto/recover.js";
import { computeSubtries } from "../state/accountLeaf.js";
import { bytesToHexFast } from "../state/bytes.js";
import { computeReceiptsSummary } from "../vm/assemble.js";
import { rebuildCommon } from "./commonSpec.js";
import type { LazyTransaction } from "./kernel.js";
import { compactResult, ParallelKernel } from "./kernel.js";
import type { TransferFields } from "./plainTransfer.js";
import { readTransferFields } from "./plainTransfer.js";
import { recoverFromRaw } from "./rawRecover.js";
import type { FromWorker, StateKey, StateValue, TaskItem, ToWorker, WorkerSetup } from "./types.js";
import { WorkerStateReader } from "./workerState.js";

if (parentPort === null) throw new Error("worker.ts must run in a worker thread");
const port = parentPort;
const data = workerData as WorkerSetup;
/** The epoch the coordinator still wants results for (see WorkerPool.setCurrentEpoch). */
const control = new Int32Array(data.control);
/** Results go back in messages of this many: one postMessage (~25 µs each side) per 16 transactions. */
const RESULT_BATCH = 16;
// Messages wait in the port's queue until the listener below is attached, after this load.
const kzg = data.kzgModule === undefined ? undefined : await ((await import(data.kzgModule)) as { default: () => unknown }).default();
const customCrypto = kzg === undefined ? undefined : ({ kzg } as Common["customCrypto"]);
const common = rebuildCommon(data.common, customCrypto);
const chainId = common.chainId();
// Transactions decode against a Common of their own, shared by all of them (chain's
// createSharedTxCommon): merging the tx parameters into a copy of a Common that already holds the
// VM's cost ~250 µs per transaction (vs ~35 µs on a fresh one). The equivalence tests compare every
// result with the sequential reference.
const txCommon = createSharedTxCommon(rebuildCommon(data.common, customCrypto));
let nextBlobId = 0;
const pendingBlobs = new Map<number, ((v: Uint8Array | undefined) => void)[]>();
let blobQueue: { hash: Uint8Array; resolve: (v: Uint8Array | undefined) => void }[] = [];
/** Sends every miss queued while the current job ran as one request (a level of many paths at once). */
function flushBlobs(): void {
  const queued = blobQueue;
  blobQueue = [];
  if (queued.length === 0) return;
  const id = nextBlobId++;
  pendingBlobs.set(
    id,
    queued.map((q) => q.resolve),
  );
  // A node's child hash is a view of the node's encoding: send copies, not the whole buffer.
  port.postMessage({ t: "blobs", id, hashes: queued.map((q) => q.hash.slice()) } satisfies FromWorker);
}
const state = new WorkerStateReader(
  keccak,
  (hash) =>
    new Promise((resolve) => {
      if (blobQueue.length === 0) queueMicrotask(flushBlobs);
      blobQueue.push({ hash, resolve });
    }),
);
let readParent: (key: StateKey) => Promise<StateValue | undefined> = async () => undefined;
const kernel = new ParallelKernel(common, keccak, (key) => readParent(key));

let epoch = -1;
let raw: Uint8Array = new Uint8Array();
let offsets: Uint32Array = new Uint32Array();
let txs: (TypedTransaction | undefined)[] = [];
/** The fast path's fields of each transaction, read from its bytes (null: not a type 0–2 transaction). */
let transferFields: (TransferFields | null | undefined)[] = [];
/** Public keys this worker recovered from raw bytes, by tx index (seeded when the tx is decoded). */
let knownPubkeys = new Map<number, Uint8Array>();
let queue: Promise<void> = Promise.resolve();

/** A transaction's own bytes, copied out of the SharedArrayBuffer (see getTx). */
function getRaw(index: number): Uint8Array {
  return new Uint8Array(raw.subarray(offsets[index]!, offsets[index + 1]!));
}

function getTransferFieldsAt(index: number): TransferFields | null {
  let fields = transferFields[index];
  if (fields === undefined) {
    fields = readTransferFields(getRaw(index));
    transferFields[index] = fields;
  }
  return fields;
}

/** The transaction as the kernel takes it: decoded (with the coordinator's key) only if the fast path declines. */
function getLazyTx(task: TaskItem): LazyTransaction {
  return {
    fields: getTransferFieldsAt(task.index),
    senderHex: bytesToHexFast(task.sender),
    decode: () => {
      const tx = getTx(task.index);
      if (task.pubkey !== null) cacheSenderPublicKey(tx, task.pubkey);
      return tx;
    },
  };
}

function getTx(index: number): TypedTransaction {
  let tx = txs[index];
  if (tx === undefined) {
    // Copied out of the SharedArrayBuffer first: the decoded fields are views of the input, and
    // hashing and decoding views of shared memory ran ~5× slower (250 vs 40 µs per transfer).
    tx = decodeBlockTransaction(getRaw(index), txCommon);
    txs[index] = tx;
    const pubkey = knownPubkeys.get(index);
    if (pubkey !== undefined) cacheSenderPublicKey(tx, pubkey);
  }
  return tx;
}

function onBlock(msg: Extract<ToWorker, { t: "block" }>): Promise<void> {
  return (async () => {
    const t0 = performance.now();
    epoch = msg.epoch;
    raw = msg.raw;
    offsets = msg.offsets;
    const n = offsets.length - 1;
    txs = new Array(n);
    transferFields = new Array(n);
    knownPubkeys = new Map();
    readParent = state.reader(msg.parentRoot);
    await kernel.startBlock(msg.env);
    const mine: number[] = [];
    for (let j = 0; j * msg.recoveryChunk < n; j++) {
      if (j % msg.workers !== data.workerId) continue;
      for (let i = j * msg.recoveryChunk; i < Math.min(n, (j + 1) * msg.recoveryChunk); i++) if (msg.recover[i] === 1) mine.push(i);
    }
    const indices = Uint32Array.from(mine);
    const pubkeys = new Uint8Array(mine.length * 64);
    const senders = new Uint8Array(mine.length * 20);
    const ok = new Uint8Array(mine.length);
    for (let k = 0; k < mine.length; k++) {
      const i = mine[k]!;
      // Fast path from the raw bytes (no decode); anything unusual takes the reference path below.
      const fast = data.recovery === "native" ? recoverFromRaw(raw.subarray(offsets[i]!, offsets[i + 1]!), chainId, keccak) : null;
      if (fast !== null) {
        pubkeys.set(fast.pubkey, k * 64);
        senders.set(fast.sender, k * 20);
        knownPubkeys.set(i, fast.pubkey);
        ok[k] = 1;
        continue;
      }
      try {
        const tx = getTx(i);
        const sender = recoverSenderCached(tx, data.recovery);
        if (sender !== null && tx.cache.senderPubKey !== undefined) {
          pubkeys.set(tx.cache.senderPubKey, k * 64);
          senders.set(sender, k * 20);
          ok[k] = 1;
        }
      } catch {
        ok[k] = 0;
      }
    }
    const ms = performance.now() - t0;
    port.postMessage({ t: "recovered", epoch: msg.epoch, indices, pubkeys, senders, ok, ms } satisfies FromWorker, [
      indices.buffer,
      pubkeys.buffer,
      senders.buffer,
      ok.buffer,
    ]);
  })();
}

port.on("message", (msg: ToWorker) => {
  if (msg.t === "blobResults") {
    const resolvers = pendingBlobs.get(msg.id) ?? [];
    pendingBlobs.delete(msg.id);
    for (let k = 0; k < resolvers.length; k++) resolvers[k]!(msg.values[k]);
    return;
  }
  if (msg.t === "close") {
    port.close();
    return;
  }
  if (msg.t === "block") {
    queue = queue.then(() => onBlock(msg));
    return;
  }
  if (msg.t === "subtries") {
    queue = queue.then(async () => {
      try {
        const result = await computeSubtries(msg.parentRoot, msg.groups, state, keccak);
        port.postMessage({ t: "subtries", id: msg.id, result: { code: "success", result } } satisfies FromWorker);
      } catch (err) {
        port.postMessage({ t: "subtries", id: msg.id, result: { code: "error", error: (err as Error).message } } satisfies FromWorker);
      }
    });
    return;
  }
  if (msg.t === "receipts") {
    queue = queue.then(() => {
      try {
        const result = computeReceiptsSummary(msg.items);
        port.postMessage({ t: "receipts", epoch: msg.epoch, result: { code: "success", result } } satisfies FromWorker, [
          result.blooms.buffer as ArrayBuffer,
        ]);
      } catch (err) {
        port.postMessage({
          t: "receipts",
          epoch: msg.epoch,
          result: { code: "error", error: (err as Error).message },
        } satisfies FromWorker);
      }
    });
    return;
  }
  queue = queue.then(() => runTasks(msg));
});

/**
 * Walks the parent-state paths of every sender and recipient of `tasks` at once, before running
 * any: each level's missing trie nodes (cold start, or what the previous block rewrote) come in
 * one round trip for all paths instead of one per node while transactions wait. The accounts read
 * here are cached for the block, so the walk is not repeated when the transactions run.
 */
async function prefetch(tasks: readonly TaskItem[]): Promise<void> {
  const addresses = new Set<string>();
  for (const task of tasks) {
    addresses.add(bytesToHexFast(task.sender));
    try {
      const fields = getTransferFieldsAt(task.index);
      const to = fields !== null ? fields.to : getTx(task.index).to?.bytes;
      if (to !== undefined) addresses.add(bytesToHexFast(to));
    } catch {
      // An undecodable transaction fails when it runs, with its own error.
    }
  }
  // Only a warm-up: a read that fails here fails again, and is reported, when its transaction runs.
  await Promise.allSettled([...addresses].map((hex) => readParent(`a${hex}`)));
}

/**
 * Runs this worker's share of a block in block order. Each valid transaction's writes become
 * visible to this worker's later transactions (recorded as reads of that version, which the
 * coordinator accepts only if it committed exactly that execution); results stream back in
 * batches so validation on the coordinator overlaps execution here.
 */
async function runTasks(msg: Extract<ToWorker, { t: "tasks" }>): Promise<void> {
  if (msg.epoch !== epoch) return;
  await prefetch(msg.tasks);
  let results: Extract<FromWorker, { t: "results" }>["results"] = [];
  for (const task of msg.tasks) {
    if (Atomics.load(control, 0) !== msg.epoch) return;
    try {
      const result = await kernel.execute(task.index, task.incarnation, getLazyTx(task));
      if (result.outcome.status === "valid") kernel.learn(task.index, result.writes, result.code);
      results.push({ code: "success", result: compactResult(result) });
    } catch (err) {
      results.push({ code: "error", error: (err as Error).message, index: task.index });
    }
    if (results.length === RESULT_BATCH) {
      port.postMessage({ t: "results", epoch: msg.epoch, worker: data.workerId, results } satisfies FromWorker);
      results = [];
    }
  }
  if (results.length > 0) port.postMessage({ t: "results", epoch: msg.epoch, worker: data.workerId, results } satisfies FromWorker);
}
