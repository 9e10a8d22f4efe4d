// Sender recovery on the calling thread (tests, one core, the fallback when workers fail).
import type { SenderRecoverer } from "./interface.js";
import { isNativeAvailable, recoverOne } from "./kernel.js";
import type { EcrecoverBackend, RecoveryJob, RecoveryResult } from "./types.js";

/** Recovery on the calling thread: tests, 1-core machines, and the fallback when workers fail. */
export class MainThreadSenderRecoverer implements SenderRecoverer {
  readonly mode = "main" as const;
  readonly backend: EcrecoverBackend;

  constructor(backend: EcrecoverBackend = "native") {
    this.backend = backend === "native" && isNativeAvailable() ? "native" : "js";
  }

  recover(job: RecoveryJob): Promise<RecoveryResult> {
    return Promise.resolve(recoverOne(job, this.backend));
  }

  canAcceptWork(): boolean {
    return true;
  }

  queueLength(): number {
    return 0;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
