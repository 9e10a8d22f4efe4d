// What decides the next block (the solo producer, or BFT consensus).
/**
 * Whatever decides the next block. The single-validator producer is one; BFT consensus replaces it
 * with the same start/stop life cycle, committing through the same `ChainWriter`.
 */
export interface BlockProducer {
  start(): void;
  /** Stops producing; resolves once a block in progress is committed or abandoned. */
  stop(): Promise<void>;
}
