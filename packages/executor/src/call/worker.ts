// A call worker: runs eth_call / eth_estimateGas executions off the main thread. State comes from
// the main thread one read at a time (accounts, slots and code of the call's state root), so the
// EVM's loop never holds the event loop that produces blocks, and a call past its time is ended
// by terminating this thread.
import { parentPort, workerData } from "node:worker_threads";
import { keccak } from "../crypto/keccak.js";
import { rebuildCommon } from "../parallel/commonSpec.js";
import type { AccountData } from "../state/account.js";
import { EMPTY_SOURCE, runCallOnSource } from "../vm/callKernel.js";
import type { StateSource } from "../vm/flatState.js";
import { FlatStateManager } from "../vm/flatState.js";
import type { ExecutionVm } from "../vm/txKernel.js";
import { createExecutionVm } from "../vm/txKernel.js";
import { runSimulateOnSource } from "./simulateKernel.js";
import type { CallWorkerSetup, FromCallWorker, StateRead, ToCallWorker } from "./types.js";

const port = parentPort!;
const setup = workerData as CallWorkerSetup;
const common = rebuildCommon(setup.common);
let vm: Promise<ExecutionVm> | null = null;
let nextReadId = 0;
const pendingReads = new Map<number, { resolve: (value: AccountData | Uint8Array | undefined) => void; reject: (err: Error) => void }>();

function post(msg: FromCallWorker): void {
  port.postMessage(msg);
}

function read(callId: number, request: StateRead): Promise<AccountData | Uint8Array | undefined> {
  const readId = nextReadId++;
  return new Promise((resolve, reject) => {
    pendingReads.set(readId, { resolve, reject });
    post({ t: "read", callId, readId, read: request });
  });
}

/** The call's state root, read through the main thread; each account, slot and code read once. */
function createRemoteSource(callId: number): StateSource {
  const accounts = new Map<string, Promise<AccountData | undefined>>();
  const slots = new Map<string, Promise<Uint8Array>>();
  const code = new Map<string, Promise<Uint8Array>>();
  return {
    getAccount(addrHex, address) {
      let p = accounts.get(addrHex);
      if (p === undefined) {
        p = read(callId, { kind: "account", address }) as Promise<AccountData | undefined>;
        accounts.set(addrHex, p);
      }
      return p;
    },
    getStorage(addrHex, address, slotHex, slot) {
      const key = addrHex + slotHex;
      let p = slots.get(key);
      if (p === undefined) {
        p = read(callId, { kind: "storage", address, slot }) as Promise<Uint8Array>;
        slots.set(key, p);
      }
      return p;
    },
    getCode(codeHash) {
      const key = Buffer.from(codeHash).toString("hex");
      let p = code.get(key);
      if (p === undefined) {
        p = read(callId, { kind: "code", codeHash }) as Promise<Uint8Array>;
        code.set(key, p);
      }
      return p;
    },
  };
}

async function runOne(callId: number, msg: Extract<ToCallWorker, { t: "call" }>): Promise<void> {
  try {
    vm ??= createExecutionVm(common, new FlatStateManager(EMPTY_SOURCE, keccak));
    const result = await runCallOnSource(await vm, createRemoteSource(callId), common, msg.env, msg.request);
    post({ t: "done", callId, result });
  } catch (err) {
    post({ t: "failed", callId, error: err instanceof Error ? err.message : String(err) });
  }
}

async function simulateOne(callId: number, msg: Extract<ToCallWorker, { t: "simulate" }>): Promise<void> {
  try {
    vm ??= createExecutionVm(common, new FlatStateManager(EMPTY_SOURCE, keccak));
    const output = await runSimulateOnSource(await vm, createRemoteSource(callId), common, msg.input);
    post({ t: "simulated", callId, output });
  } catch (err) {
    post({ t: "failed", callId, error: err instanceof Error ? err.message : String(err) });
  }
}

// Built before the first call, so a call's time limit is spent on the call alone.
vm = createExecutionVm(common, new FlatStateManager(EMPTY_SOURCE, keccak));
void vm.then(() => post({ t: "ready" }));

port.on("message", (msg: ToCallWorker) => {
  if (msg.t === "call") {
    void runOne(msg.callId, msg);
    return;
  }
  if (msg.t === "simulate") {
    void simulateOne(msg.callId, msg);
    return;
  }
  const pending = pendingReads.get(msg.readId);
  if (pending === undefined) return;
  pendingReads.delete(msg.readId);
  if (msg.t === "read") pending.resolve(msg.value);
  else pending.reject(new Error(msg.error));
});
