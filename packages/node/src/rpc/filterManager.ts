// Polling filters (eth_newFilter and friends): what arrived since the last poll; idle ones expire.
import { randomBytes } from "node:crypto";
import { bytesToHex } from "@ethereumjs/util";
import type { ChainEvents, CommittedBlock } from "../chain/chainEvents.js";
import type { PlacedLog } from "./format.js";
import { placeBlockLogs } from "./format.js";
import { matchesLog } from "./logQuery.js";
import type { FilterCriteria } from "./params.js";

interface LogFilter {
  kind: "logs";
  criteria: FilterCriteria;
  /** Numeric range from the criteria; tags mean "open ended". */
  fromBlock: bigint | undefined;
  toBlock: bigint | undefined;
  pending: PlacedLog[];
  lastUsedMs: number;
}

interface HashFilter {
  kind: "blocks" | "pendingTransactions";
  pending: Uint8Array[];
  lastUsedMs: number;
}

type Filter = LogFilter | HashFilter;

export interface FilterManagerOpts {
  /** A filter nobody polled for this long is removed (geth: 5 minutes). */
  timeoutMs: number;
  /** Most filters alive at once; installs beyond this are refused. */
  maxFilters: number;
  /** Most changes kept per filter between polls; the oldest are dropped. */
  maxPendingPerFilter: number;
}

export const DEFAULT_FILTER_MANAGER_OPTS: FilterManagerOpts = {
  timeoutMs: 5 * 60_000,
  maxFilters: 10_000,
  maxPendingPerFilter: 10_000,
};

export type FilterChanges = { kind: "logs"; logs: PlacedLog[] } | { kind: "hashes"; hashes: Uint8Array[] };

/**
 * Polling filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter): each
 * collects what arrived since its last eth_getFilterChanges; idle filters expire.
 */
export class FilterManager {
  private readonly filters = new Map<string, Filter>();
  private readonly onBlock = (committed: CommittedBlock): void => this.addBlock(committed);
  private readonly onPendingTransaction = (hash: Uint8Array): void => this.addPendingTransaction(hash);

  constructor(
    private readonly opts: FilterManagerOpts,
    private readonly modules: { events: ChainEvents; nowMs?: () => number },
  ) {
    modules.events.on("block", this.onBlock);
    modules.events.on("pendingTransaction", this.onPendingTransaction);
  }

  get size(): number {
    return this.filters.size;
  }

  installLogFilter(criteria: FilterCriteria, range: { fromBlock: bigint | undefined; toBlock: bigint | undefined }): string | undefined {
    return this.install({ kind: "logs", criteria, ...range, pending: [], lastUsedMs: this.now() });
  }

  installHashFilter(kind: "blocks" | "pendingTransactions"): string | undefined {
    return this.install({ kind, pending: [], lastUsedMs: this.now() });
  }

  uninstall(id: string): boolean {
    return this.filters.delete(id.toLowerCase());
  }

  getLogCriteria(id: string): FilterCriteria | undefined {
    const filter = this.filters.get(id.toLowerCase());
    if (filter?.kind !== "logs") return undefined;
    filter.lastUsedMs = this.now();
    return filter.criteria;
  }

  /** Drains what the filter collected; undefined when there is no such filter. */
  takeChanges(id: string): FilterChanges | undefined {
    this.expire();
    const filter = this.filters.get(id.toLowerCase());
    if (filter === undefined) return undefined;
    filter.lastUsedMs = this.now();
    if (filter.kind === "logs") {
      const logs = filter.pending;
      filter.pending = [];
      return { kind: "logs", logs };
    }
    const hashes = filter.pending;
    filter.pending = [];
    return { kind: "hashes", hashes };
  }

  /** Removes filters idle past the timeout. */
  expire(): void {
    const cutoff = this.now() - this.opts.timeoutMs;
    for (const [id, filter] of this.filters) if (filter.lastUsedMs < cutoff) this.filters.delete(id);
  }

  close(): void {
    this.modules.events.off("block", this.onBlock);
    this.modules.events.off("pendingTransaction", this.onPendingTransaction);
    this.filters.clear();
  }

  private install(filter: Filter): string | undefined {
    this.expire();
    if (this.filters.size >= this.opts.maxFilters) return undefined;
    const id = bytesToHex(randomBytes(16));
    this.filters.set(id, filter);
    return id;
  }

  private addBlock({ block, receipts }: CommittedBlock): void {
    let placedLogs: PlacedLog[] | undefined;
    const number = block.header.number;
    for (const filter of this.filters.values()) {
      if (filter.kind === "blocks") {
        this.push(filter.pending, block.hash());
      } else if (filter.kind === "logs") {
        if (filter.fromBlock !== undefined && number < filter.fromBlock) continue;
        if (filter.toBlock !== undefined && number > filter.toBlock) continue;
        placedLogs ??= placeBlockLogs(block, receipts);
        for (const placed of placedLogs) if (matchesLog(filter.criteria, placed.log)) this.push(filter.pending, placed);
      }
    }
  }

  private addPendingTransaction(hash: Uint8Array): void {
    for (const filter of this.filters.values()) if (filter.kind === "pendingTransactions") this.push(filter.pending, hash);
  }

  private push<T>(queue: T[], item: T): void {
    queue.push(item);
    if (queue.length > this.opts.maxPendingPerFilter) queue.shift();
  }

  private now(): number {
    return this.modules.nowMs?.() ?? Date.now();
  }
}
