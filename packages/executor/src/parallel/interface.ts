import type { RecoveryBackend } from "../crypto/recover.js";

export interface ParallelExecutorOpts {
  /** Worker threads; default cores − 1 (min 1). 1 runs the kernel on the main thread, no threads. */
  workers?: number;
  /** Sender recovery backend (native secp256k1 by default, noble as fallback). */
  recovery?: RecoveryBackend;
  /** Blocks with fewer transactions run sequentially (see MIN_PARALLEL_TXS). */
  minParallelTxs?: number;
  /** Disables the serial-senders and conflict-rate fallbacks (tests exercise the parallel path). */
  forceParallel?: boolean;
}
