// Options of the parallel executor.
import type { RecoveryBackend } from "../crypto/recover.js";

export interface ParallelExecutorOpts {
  /** Worker threads; default cores − 1, at least 2 where there are 2 cores (`defaultWorkerCount`). 1 runs the kernel on the main thread, no threads. */
  workers?: number;
  /** Sender recovery backend (native secp256k1 by default, noble as fallback). */
  recovery?: RecoveryBackend;
  /** Blocks with fewer transactions run sequentially (see MIN_PARALLEL_TXS). */
  minParallelTxs?: number;
  /** Disables the serial-senders and conflict-rate fallbacks (tests exercise the parallel path). */
  forceParallel?: boolean;
  /**
   * URL of a module whose default export returns (a promise of) ethereumjs's KZG interface, which
   * each worker loads at start: the Common's `customCrypto.kzg` is functions and cannot be posted
   * to a thread. Required when the Common has a KZG (the point-evaluation precompile would
   * otherwise give another answer on the workers than on the main thread); the node has none.
   */
  workerKzgModule?: string;
}
