// eth_subscribe over WebSocket: newHeads, logs and pending-transaction notifications.
import { randomBytes } from "node:crypto";
import { bytesToHex } from "@ethereumjs/util";
import type { ChainEvents, CommittedBlock } from "../chain/chainEvents.js";
import type { RpcPushChannel } from "./context.js";
import { RPC_ERROR_CODE, RpcError } from "./errors.js";
import { formatBlock, formatLog, placeBlockLogs, toData } from "./format.js";
import { matchesLog } from "./logQuery.js";
import type { FilterCriteria } from "./params.js";
import { DEFAULT_WS_LIMITS } from "./wsChannel.js";

export type Subscription =
  | { kind: "newHeads"; channel: RpcPushChannel }
  | { kind: "logs"; channel: RpcPushChannel; criteria: FilterCriteria }
  | { kind: "newPendingTransactions"; channel: RpcPushChannel };

export interface SubscriptionManagerOpts {
  /** Subscriptions one connection may hold; eth_subscribe beyond is refused with -32005. */
  maxPerConnection: number;
}

const DEFAULT_SUBSCRIPTION_OPTS: SubscriptionManagerOpts = { maxPerConnection: DEFAULT_WS_LIMITS.maxSubscriptions };

/** eth_subscribe over WebSocket: pushes `eth_subscription` notifications as blocks and transactions arrive. */
export class SubscriptionManager {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly perChannel = new Map<RpcPushChannel, Set<string>>();
  private readonly onBlock = (committed: CommittedBlock): void => this.publishBlock(committed);
  private readonly onPendingTransaction = (hash: Uint8Array): void => this.publishPendingTransaction(hash);

  constructor(
    private readonly events: ChainEvents,
    private readonly opts: SubscriptionManagerOpts = DEFAULT_SUBSCRIPTION_OPTS,
  ) {
    events.on("block", this.onBlock);
    events.on("pendingTransaction", this.onPendingTransaction);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  subscribe(subscription: Subscription): string {
    const { channel } = subscription;
    let ids = this.perChannel.get(channel);
    if (ids !== undefined && ids.size >= this.opts.maxPerConnection) {
      throw new RpcError(RPC_ERROR_CODE.LIMIT_EXCEEDED, `too many subscriptions: at most ${this.opts.maxPerConnection} per connection`);
    }
    if (ids === undefined) {
      const owned = new Set<string>();
      ids = owned;
      this.perChannel.set(channel, owned);
      // One listener per connection (not per subscription): subscribe/unsubscribe churn adds nothing.
      channel.onClose(() => {
        for (const id of owned) this.subscriptions.delete(id);
        this.perChannel.delete(channel);
      });
    }
    const id = bytesToHex(randomBytes(16));
    this.subscriptions.set(id, subscription);
    ids.add(id);
    return id;
  }

  /** Only the connection that created a subscription may cancel it. */
  unsubscribe(id: string, channel: RpcPushChannel): boolean {
    const key = id.toLowerCase();
    const subscription = this.subscriptions.get(key);
    if (subscription === undefined || subscription.channel !== channel) return false;
    this.perChannel.get(channel)?.delete(key);
    return this.subscriptions.delete(key);
  }

  close(): void {
    this.events.off("block", this.onBlock);
    this.events.off("pendingTransaction", this.onPendingTransaction);
    this.subscriptions.clear();
    this.perChannel.clear();
  }

  private notify(id: string, channel: RpcPushChannel, result: unknown): void {
    channel.send(JSON.stringify({ jsonrpc: "2.0", method: "eth_subscription", params: { subscription: id, result } }));
  }

  private publishBlock({ block, receipts }: CommittedBlock): void {
    let head: Record<string, unknown> | undefined;
    let placedLogs: ReturnType<typeof placeBlockLogs> | undefined;
    for (const [id, subscription] of this.subscriptions) {
      if (subscription.kind === "newHeads") {
        if (head === undefined) {
          const { transactions: _transactions, uncles: _uncles, totalDifficulty: _td, size: _size, ...header } = formatBlock(block, false);
          head = header;
        }
        this.notify(id, subscription.channel, head);
      } else if (subscription.kind === "logs") {
        placedLogs ??= placeBlockLogs(block, receipts);
        for (const placed of placedLogs) {
          if (matchesLog(subscription.criteria, placed.log)) this.notify(id, subscription.channel, formatLog(placed.log, placed.placement));
        }
      }
    }
  }

  private publishPendingTransaction(hash: Uint8Array): void {
    for (const [id, subscription] of this.subscriptions) {
      if (subscription.kind === "newPendingTransactions") this.notify(id, subscription.channel, toData(hash));
    }
  }
}
