// Outgoing transaction gossip in batches: the pool's new local transactions, one gossip message per few.
/**
 * How long a transaction waits for others to share its gossip message. At 25 ms a validator taking
 * ~100 transfers/s sent batches of ~3 (~350 bytes, under gossipsub's 512-byte IDONTWANT threshold, so
 * every message also came back up to twice through the mesh); at 100 ms batches of ~10 go out a
 * quarter as often. bench:devnet, alternated: ahead in three pairs of four (validators' CPU 0.6–2.0
 * ms less per transfer) and level in one this session, level in three pairs in session 8: the VM's
 * noise is as large as the effect. Its cost: ~40 ms more, on average, to reach the other pools.
 */
export const TX_BATCH_DELAY_MS = 100;
/** Transactions per message at most (the receiving side refuses more: `MAX_TXS_PER_MESSAGE`). */
export const TX_BATCH_MAX_TXS = 128;
/** A batch is sent once its transactions reach this many bytes (one larger transaction goes alone). */
export const TX_BATCH_MAX_BYTES = 256 * 1024;

/**
 * Collects the transactions the node gossips and publishes them together: after TX_BATCH_DELAY_MS,
 * or at once when TX_BATCH_MAX_TXS or TX_BATCH_MAX_BYTES are reached. Every gossip message costs each
 * hop an encryption, a muxer frame and a socket write per peer; one per transaction made that
 * the main cost of a four-validator devnet (~40% of each node's main thread under load).
 */
export class TxGossipBatcher {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly publish: (batch: Uint8Array[]) => void) {}

  add(raw: Uint8Array): void {
    if (this.pending.length > 0 && this.pendingBytes + raw.length > TX_BATCH_MAX_BYTES) this.flush();
    this.pending.push(raw);
    this.pendingBytes += raw.length;
    if (this.pending.length >= TX_BATCH_MAX_TXS || this.pendingBytes >= TX_BATCH_MAX_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), TX_BATCH_DELAY_MS);
  }

  /** Publishes what is waiting now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.publish(batch);
  }

  /** Drops what is waiting (the node is stopping; its pool journal keeps the local transactions). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingBytes = 0;
  }
}
