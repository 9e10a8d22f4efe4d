// Messages between the call runner and its worker threads.
import type { BlockEnv, CallRequest, CallResult } from "../interface.js";
import type { CommonSpec } from "../parallel/commonSpec.js";
import type { AccountData } from "../state/account.js";
import type { SimulateInput, SimulateOutput } from "./simulateKernel.js";

/** What a call worker is started with. */
export interface CallWorkerSetup {
  common: CommonSpec;
}

/** One state read a call worker asks the main thread for (it has no database of its own). */
export type StateRead =
  | { kind: "account"; address: Uint8Array }
  | { kind: "storage"; address: Uint8Array; slot: Uint8Array }
  | { kind: "code"; codeHash: Uint8Array };

export type ToCallWorker =
  | { t: "call"; callId: number; env: BlockEnv; request: CallRequest }
  | { t: "simulate"; callId: number; input: SimulateInput }
  | { t: "read"; readId: number; value: AccountData | Uint8Array | undefined }
  | { t: "readError"; readId: number; error: string };

export type FromCallWorker =
  | { t: "ready" }
  | { t: "read"; callId: number; readId: number; read: StateRead }
  | { t: "done"; callId: number; result: CallResult }
  | { t: "simulated"; callId: number; output: SimulateOutput }
  | { t: "failed"; callId: number; error: string };
