import { randomBytes } from "node:crypto";
import { bytesToHex } from "@ethereumjs/util";
import type { ChainEvents, CommittedBlock } from "../chain/chainEvents.js";
import type { RpcPushChannel } from "./context.js";
import { formatBlock, formatLog, placeBlockLogs, toData } from "./format.js";
import { matchesLog } from "./logQuery.js";
import type { FilterCriteria } from "./params.js";

export type Subscription =
  | { kind: "newHeads"; channel: RpcPushChannel }
  | { kind: "logs"; channel: RpcPushChannel; criteria: FilterCriteria }
  | { kind: "newPendingTransactions"; channel: RpcPushChannel };

/** eth_subscribe over WebSocket: pushes `eth_subscription` notifications as blocks and transactions arrive. */
export class SubscriptionManager {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly onBlock = (committed: CommittedBlock): void => this.publishBlock(committed);
  private readonly onPendingTransaction = (hash: Uint8Array): void => this.publishPendingTransaction(hash);

  constructor(private readonly events: ChainEvents) {
    events.on("block", this.onBlock);
    events.on("pendingTransaction", this.onPendingTransaction);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  subscribe(subscription: Subscription): string {
    const id = bytesToHex(randomBytes(16));
    this.subscriptions.set(id, subscription);
    subscription.channel.onClose(() => this.subscriptions.delete(id));
    return id;
  }

  /** Only the connection that created a subscription may cancel it. */
  unsubscribe(id: string, channel: RpcPushChannel): boolean {
    const subscription = this.subscriptions.get(id.toLowerCase());
    if (subscription === undefined || subscription.channel !== channel) return false;
    return this.subscriptions.delete(id.toLowerCase());
  }

  close(): void {
    this.events.off("block", this.onBlock);
    this.events.off("pendingTransaction", this.onPendingTransaction);
    this.subscriptions.clear();
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
          const {
            transactions: _transactions,
            uncles: _uncles,
            totalDifficulty: _td,
            size: _size,
            ...header
          } = formatBlock(block, false);
          head = header;
        }
        this.notify(id, subscription.channel, head);
      } else if (subscription.kind === "logs") {
        placedLogs ??= placeBlockLogs(block, receipts);
        for (const placed of placedLogs) {
          if (matchesLog(subscription.criteria, placed.log))
            this.notify(id, subscription.channel, formatLog(placed.log, placed.placement));
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
