// Routes the executor workers' replies to one handler per message type, and a pool failure to all of them.
import type { FromWorker } from "./types.js";
import type { PoolWorker } from "./workerPool.js";

export type ReplyType = FromWorker["t"];
export type Reply<T extends ReplyType> = Extract<FromWorker, { t: T }>;

/** Whoever waits for one type of reply. */
export interface ReplyHandler<T extends ReplyType> {
  onReply(worker: PoolWorker, msg: Reply<T>): void;
  /** A worker failed: no reply of this type is coming. */
  onPoolError(err: Error): void;
}

/**
 * One handler per reply type at a time: the long-lived ones (`blobs`, `subtries`) for the pool's
 * life, the per-block ones (`recovered`, `results`, `receipts`) while a block waits for them. A
 * reply with no handler (late, from an abandoned block) is dropped.
 */
export class ReplyRouter {
  private readonly handlers: { [T in ReplyType]?: ReplyHandler<T> } = {};

  /** Sets the handler of `type`; returns what removes it (only if it is still the one set). */
  set<T extends ReplyType>(type: T, handler: ReplyHandler<T>): () => void {
    (this.handlers as Record<T, ReplyHandler<T> | undefined>)[type] = handler;
    return () => {
      if (this.handlers[type] === (handler as unknown)) delete this.handlers[type];
    };
  }

  route(worker: PoolWorker, msg: FromWorker): void {
    (this.handlers[msg.t] as ReplyHandler<ReplyType> | undefined)?.onReply(worker, msg);
  }

  /** Tells every handler the pool failed. */
  fail(err: Error): void {
    for (const handler of Object.values(this.handlers)) (handler as ReplyHandler<ReplyType>).onPoolError(err);
  }
}
