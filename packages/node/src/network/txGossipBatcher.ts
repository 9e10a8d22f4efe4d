// Outgoing transaction gossip in batches: the pool's new local transactions, one gossip message per few.
/**
 * How long a transaction waits for others to share its gossip message. At 25 ms a validator taking
 * ~100 transfers/s sent batches of ~3, and every message costs each of the four validators a
 * decryption, a decode and (gossipsub forwards to the mesh) up to two more copies; at 100 ms the
 * validators used 0.6–1.2 ms less CPU per transfer together (bench:devnet, 16 and 4 clients,
 * alternated), for ~75 ms more to reach the other pools, well inside a 1 s block.
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
