// TxPoolCore, the pool's pure core: pending and queued per sender, replacement, limits, eviction, blocks.
import type { Rejection } from "../errors.js";
import { LearnedAccess } from "./accessSet.js";
import { type BuiltSelection, buildSelection } from "./batchBuilder.js";
import { comparePrice, isReplacementPriced } from "./pricing.js";
import type { AccountState, PoolConfig, PoolTx, Removal, RemovalReason } from "./types.js";

interface Account {
  senderHex: string;
  state: AccountState;
  /** By nonce. */
  txs: Map<bigint, PoolTx>;
  /** Ascending. */
  nonces: bigint[];
  /** How many of `nonces` run without a gap from `state.nonce` (executable). */
  pendingCount: number;
  /** The sum of `txs`' costs, kept as they come and go (admission checks it per transaction). */
  totalCost: bigint;
  locals: number;
  /** Last admission or promotion (ms), for the queued lifetime. */
  beat: number;
}

export type AddOutcome =
  | { status: "added"; pending: boolean; replaced: PoolTx | undefined; removed: Removal[] }
  | { status: "invalid"; rejection: Rejection };

export interface BlockApplied {
  removed: Removal[];
  promoted: PoolTx[];
}

function reject(rejection: Rejection): AddOutcome {
  return { status: "invalid", rejection };
}

/**
 * The pool's state and rules, pure and synchronous (STYLE.md §1): per-sender nonce lists split into
 * pending (executable) and queued (nonce gap), admission against a sender's latest state, geth's
 * replacement and eviction rules, promotion on new blocks, queued lifetime, and the batch builder.
 * The shell reads state, recovers senders, keeps time and persists; it hands the results in.
 */
export class TxPoolCore {
  readonly learned = new LearnedAccess();
  private readonly byHash = new Map<string, PoolTx>();
  private readonly accounts = new Map<string, Account>();
  private pendingTotal = 0;
  private queuedTotal = 0;
  private slotsUsed = 0;
  private localTotal = 0;
  private isolatedTotal = 0;
  private nextSeq = 0;

  constructor(
    readonly config: PoolConfig,
    public baseFee: bigint,
  ) {}

  /** The latest-state view held for a sender that has transactions here. */
  getAccountState(senderHex: string): AccountState | undefined {
    return this.accounts.get(senderHex)?.state;
  }

  get(hashHex: string): PoolTx | undefined {
    return this.byHash.get(hashHex);
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex);
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  /**
   * Admits `tx` (already decoded, signature-checked and statelessly validated) against `state`, the
   * sender's latest state (used only when the pool holds nothing of this sender yet).
   */
  add(tx: PoolTx, state: AccountState, now: number): AddOutcome {
    if (this.byHash.has(tx.hashHex)) return reject({ type: { code: "MEMPOOL_ALREADY_KNOWN" }, message: "already known" });
    const existing = this.accounts.get(tx.senderHex);
    const st = existing?.state ?? state;
    if (tx.nonce < st.nonce) {
      return reject({
        type: { code: "MEMPOOL_NONCE_TOO_LOW", next: st.nonce, nonce: tx.nonce },
        message: `nonce too low: next nonce ${st.nonce}, tx nonce ${tx.nonce}`,
      });
    }
    if (st.balance < tx.cost) {
      return reject({
        type: { code: "MEMPOOL_INSUFFICIENT_FUNDS", balance: st.balance, cost: tx.cost },
        message: `insufficient funds for gas * price + value: balance ${st.balance}, tx cost ${tx.cost}, overshot ${tx.cost - st.balance}`,
      });
    }
    const spent = existing?.totalCost ?? 0n;
    const prev = existing?.txs.get(tx.nonce);
    if (prev !== undefined) {
      const bump = tx.cost - prev.cost;
      if (st.balance < spent + bump) {
        return reject({
          type: { code: "MEMPOOL_INSUFFICIENT_FUNDS", balance: st.balance, cost: tx.cost },
          message: `insufficient funds for gas * price + value: balance ${st.balance}, queued cost ${spent}, tx bumped ${bump}, overshot ${spent + bump - st.balance}`,
        });
      }
    } else {
      if (st.balance < spent + tx.cost) {
        return reject({
          type: { code: "MEMPOOL_INSUFFICIENT_FUNDS", balance: st.balance, cost: tx.cost },
          message: `insufficient funds for gas * price + value: balance ${st.balance}, queued cost ${spent}, tx cost ${tx.cost}, overshot ${spent + tx.cost - st.balance}`,
        });
      }
      const pooled = existing?.txs.size ?? 0;
      if (pooled >= this.config.accountSlots) {
        return reject({ type: { code: "MEMPOOL_ACCOUNT_LIMIT", pooled }, message: `account limit exceeded: pooled ${pooled} txs` });
      }
      const wouldQueue = tx.nonce !== st.nonce + BigInt(existing?.pendingCount ?? 0);
      const queued = existing === undefined ? 0 : existing.txs.size - existing.pendingCount;
      if (wouldQueue && queued >= this.config.accountQueue) {
        return reject({ type: { code: "MEMPOOL_ACCOUNT_LIMIT", pooled }, message: `account limit exceeded: pooled ${pooled} txs` });
      }
    }
    // Make room before replacing, as geth does: a full pool drops the cheapest remote transactions.
    const removed: Removal[] = [];
    const needSlots = tx.slots - (prev?.slots ?? 0);
    if (this.slotsUsed + needSlots > this.config.globalSlots) {
      const victims = this.findVictims(tx, this.slotsUsed + needSlots - this.config.globalSlots);
      if ("message" in victims) return reject(victims);
      for (const v of victims) removed.push(this.removeTx(v, "evicted"));
    }
    if (prev !== undefined && !isReplacementPriced(prev, tx, this.config.priceBump)) {
      return reject({ type: { code: "MEMPOOL_REPLACE_UNDERPRICED" }, message: "replacement transaction underpriced" });
    }
    // Replacing first: replacing a sender's only transaction drops its account, taken afresh below.
    if (prev !== undefined) removed.push(this.removeTx(prev, "replaced"));
    const account = this.accounts.get(tx.senderHex) ?? this.openAccount(tx.senderHex, st, now);
    // The usual case, the next nonce of a sender with nothing queued, promotes nothing: no need to
    // recount the sender's executable run (O(pending) per admission, quadratic over a busy sender).
    if (account.nonces.length === account.pendingCount && tx.nonce === account.state.nonce + BigInt(account.pendingCount)) {
      this.attach(account, tx);
      account.pendingCount++;
      this.pendingTotal++;
    } else this.update(account, () => this.attach(account, tx));
    account.beat = now;
    const pending = tx.nonce < account.state.nonce + BigInt(account.pendingCount);
    return { status: "added", pending, replaced: prev, removed };
  }

  /**
   * The cheapest remote transactions to drop for `slots` slots, never opening a nonce gap (each
   * sender's highest nonce goes first) and never the newcomer's own sender. A remote newcomer must
   * outbid every victim, else it is "transaction underpriced"; with nothing left to drop the pool
   * is full.
   */
  private findVictims(tx: PoolTx, slots: number): PoolTx[] | Rejection {
    const taken = new Map<string, number>();
    const victims: PoolTx[] = [];
    let freed = 0;
    while (freed < slots) {
      let cheapest: PoolTx | undefined;
      for (const account of this.accounts.values()) {
        if (account.senderHex === tx.senderHex) continue;
        const used = taken.get(account.senderHex) ?? 0;
        const nonce = account.nonces[account.nonces.length - 1 - used];
        if (nonce === undefined) continue;
        const tail = account.txs.get(nonce) as PoolTx;
        if (tail.local) continue;
        if (cheapest === undefined || comparePrice(tail, cheapest, this.baseFee) < 0) cheapest = tail;
      }
      if (cheapest === undefined) return { type: { code: "MEMPOOL_POOL_FULL" }, message: "txpool is full" };
      if (!tx.local && comparePrice(tx, cheapest, this.baseFee) <= 0) {
        return { type: { code: "MEMPOOL_UNDERPRICED" }, message: "transaction underpriced" };
      }
      victims.push(cheapest);
      taken.set(cheapest.senderHex, (taken.get(cheapest.senderHex) ?? 0) + 1);
      freed += cheapest.slots;
    }
    return victims;
  }

  /** Runs `mutate` on an account and keeps the pending/queued totals and the pending run right. */
  private update(account: Account, mutate: () => void): PoolTx[] {
    const wasPending = account.pendingCount;
    const wasQueued = account.txs.size - wasPending;
    const before = new Set<PoolTx>();
    for (let i = 0; i < wasPending; i++) before.add(account.txs.get(account.nonces[i] as bigint) as PoolTx);
    mutate();
    let run = 0;
    let next = account.state.nonce;
    for (const n of account.nonces) {
      if (n !== next) break;
      run++;
      next++;
    }
    const promoted: PoolTx[] = [];
    // Transactions newly inside the executable run (the added one aside) came from the queue.
    for (let i = 0; i < run; i++) {
      const tx = account.txs.get(account.nonces[i] as bigint) as PoolTx;
      if (!before.has(tx)) promoted.push(tx);
    }
    account.pendingCount = run;
    this.pendingTotal += run - wasPending;
    this.queuedTotal += account.txs.size - run - wasQueued;
    if (account.txs.size === 0) this.accounts.delete(account.senderHex);
    return promoted;
  }

  private removeTx(tx: PoolTx, reason: RemovalReason): Removal {
    const account = this.accounts.get(tx.senderHex) as Account;
    const wasPending = tx.nonce < account.state.nonce + BigInt(account.pendingCount);
    this.update(account, () => this.detach(account, tx));
    return { tx, reason, wasPending };
  }

  private openAccount(senderHex: string, state: AccountState, now: number): Account {
    const account: Account = {
      senderHex,
      state: { ...state },
      txs: new Map(),
      nonces: [],
      pendingCount: 0,
      totalCost: 0n,
      locals: 0,
      beat: now,
    };
    this.accounts.set(senderHex, account);
    return account;
  }

  private attach(account: Account, tx: PoolTx): void {
    account.txs.set(tx.nonce, tx);
    insertSorted(account.nonces, tx.nonce);
    account.totalCost += tx.cost;
    this.byHash.set(tx.hashHex, tx);
    this.slotsUsed += tx.slots;
    if (tx.accessSet.isolated) this.isolatedTotal++;
    if (tx.local) {
      account.locals++;
      this.localTotal++;
    }
  }

  private detach(account: Account, tx: PoolTx): void {
    this.forget(account, tx);
    const i = account.nonces.indexOf(tx.nonce);
    if (i >= 0) account.nonces.splice(i, 1);
  }

  /**
   * Detaches many of one account's transactions (a block's worth): its nonce list is filtered once
   * instead of searched and spliced per transaction.
   */
  private detachAll(account: Account, txs: readonly PoolTx[]): void {
    if (txs.length === 0) return;
    for (const tx of txs) this.forget(account, tx);
    account.nonces = account.nonces.filter((nonce) => account.txs.has(nonce));
  }

  /** All of `detach` but the account's nonce list. */
  private forget(account: Account, tx: PoolTx): void {
    account.txs.delete(tx.nonce);
    account.totalCost -= tx.cost;
    this.byHash.delete(tx.hashHex);
    this.slotsUsed -= tx.slots;
    if (tx.accessSet.isolated) this.isolatedTotal--;
    if (tx.local) {
      account.locals--;
      this.localTotal--;
    }
  }

  /** Senders the pool holds transactions for (the shell re-reads their state after a block). */
  senders(): string[] {
    return [...this.accounts.keys()];
  }

  /**
   * After a block: takes each sender's new state, drops what the block included or made invalid
   * (nonce below the account's, cost above its balance, gas above the block gas limit) and
   * promotes what became executable.
   */
  applyBlock(
    states: ReadonlyMap<string, AccountState>,
    includedHashes: ReadonlySet<string>,
    baseFee: bigint,
    blockGasLimit: bigint,
    now: number,
  ): BlockApplied {
    this.baseFee = baseFee;
    const removed: Removal[] = [];
    const promoted: PoolTx[] = [];
    for (const account of [...this.accounts.values()]) {
      const pendingUpTo = account.state.nonce + BigInt(account.pendingCount);
      const drops: Removal[] = [];
      const next = states.get(account.senderHex) ?? account.state;
      for (const tx of account.txs.values()) {
        let reason: RemovalReason | undefined;
        if (tx.nonce < next.nonce) reason = includedHashes.has(tx.hashHex) ? "included" : "nonce";
        else if (tx.cost > next.balance) reason = "nofunds";
        else if (tx.gasLimit > blockGasLimit) reason = "gaslimit";
        if (reason !== undefined) drops.push({ tx, reason, wasPending: tx.nonce < pendingUpTo });
      }
      const newlyPending = this.update(account, () => {
        account.state = { nonce: next.nonce, balance: next.balance };
        this.detachAll(
          account,
          drops.map((d) => d.tx),
        );
      });
      removed.push(...drops);
      promoted.push(...newlyPending);
      if (newlyPending.length > 0) account.beat = now;
    }
    return { removed, promoted };
  }

  /** Drops the queued transactions of remote senders idle for longer than the lifetime. */
  evictStale(now: number): Removal[] {
    const removed: Removal[] = [];
    for (const account of [...this.accounts.values()]) {
      if (account.txs.size === account.pendingCount || account.locals > 0) continue;
      if (now - account.beat <= this.config.lifetimeMs) continue;
      const queued = account.nonces.slice(account.pendingCount).map((n) => account.txs.get(n) as PoolTx);
      for (const tx of queued) removed.push(this.removeTx(tx, "stale"));
    }
    return removed;
  }

  /** The next nonce for `sender` counting its executable transactions here (undefined if none). */
  getPendingNonce(senderHex: string): bigint | undefined {
    const account = this.accounts.get(senderHex);
    return account === undefined ? undefined : account.state.nonce + BigInt(account.pendingCount);
  }

  isPending(tx: PoolTx): boolean {
    const account = this.accounts.get(tx.senderHex);
    return account !== undefined && tx.nonce < account.state.nonce + BigInt(account.pendingCount);
  }

  status(): { pending: number; queued: number; slots: number; local: number; isolated: number } {
    return {
      pending: this.pendingTotal,
      queued: this.queuedTotal,
      slots: this.slotsUsed,
      local: this.localTotal,
      isolated: this.isolatedTotal,
    };
  }

  /** Per sender, nonce-ordered pending and queued transactions. */
  content(): { pending: Map<string, PoolTx[]>; queued: Map<string, PoolTx[]> } {
    const pending = new Map<string, PoolTx[]>();
    const queued = new Map<string, PoolTx[]>();
    for (const account of this.accounts.values()) {
      const list = account.nonces.map((n) => account.txs.get(n) as PoolTx);
      if (account.pendingCount > 0) pending.set(account.senderHex, list.slice(0, account.pendingCount));
      if (list.length > account.pendingCount) queued.set(account.senderHex, list.slice(account.pendingCount));
    }
    return { pending, queued };
  }

  /** Every sender's executable transactions in nonce order. */
  pendingLists(): PoolTx[][] {
    const lists: PoolTx[][] = [];
    for (const account of this.accounts.values()) {
      if (account.pendingCount === 0) continue;
      const list: PoolTx[] = new Array(account.pendingCount);
      for (let i = 0; i < account.pendingCount; i++) list[i] = account.txs.get(account.nonces[i] as bigint) as PoolTx;
      lists.push(list);
    }
    return lists;
  }

  /** Re-derives an access set in place (learned access changed); keeps the isolated count right. */
  replaceAccessSet(tx: PoolTx, set: PoolTx["accessSet"]): void {
    if (this.byHash.get(tx.hashHex) === tx) this.isolatedTotal += (set.isolated ? 1 : 0) - (tx.accessSet.isolated ? 1 : 0);
    tx.accessSet = set;
  }

  all(): IterableIterator<PoolTx> {
    return this.byHash.values();
  }

  select(gasLimit: bigint, batchSize: number, baseFee = this.baseFee, codeGasLimit = gasLimit): BuiltSelection {
    return buildSelection(this.pendingLists(), gasLimit, baseFee, batchSize, codeGasLimit);
  }
}

function insertSorted(list: bigint[], value: bigint): void {
  let i = list.length;
  while (i > 0 && (list[i - 1] as bigint) > value) i--;
  list.splice(i, 0, value);
}
