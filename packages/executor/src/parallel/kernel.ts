// The parallel executor's pure kernel: one transaction against versioned state, recording reads and writes.
import type { Common, TypedTransaction } from "@eigenchain/chain";
import type { Block } from "@ethereumjs/block";
import type { KeccakFn } from "../crypto/keccak.js";
import type { BlockEnv } from "../interface.js";
import type { AccountData } from "../state/account.js";
import { bytesToHexFast, equalBytes } from "../state/bytes.js";
import type { StateSource } from "../vm/flatState.js";
import { FlatStateManager } from "../vm/flatState.js";
import type { ExecutionVm, TxExecution } from "../vm/txKernel.js";
import { createExecutionVm, runTransaction } from "../vm/txKernel.js";
import type { TransferFields } from "./plainTransfer.js";
import { canSendPlainTransfer, computePlainTransfer, getTransferFields, matchPlainTransfer } from "./plainTransfer.js";
import type { StateKey, StateValue, TxResult, VersionedState, WriteEntry } from "./types.js";

/** Reads a key of the parent state (the coordinator's store, or a worker's request to it). */
export type BaseReader = (key: StateKey) => Promise<StateValue | undefined>;

/**
 * The version a read of `key` sees in `state`: for a slot, the later of its own last write and
 * the last wipe of its account. Shared by workers (reading) and the coordinator (validating), so
 * both agree on what "stale" means.
 */
export function resolveVersion(state: VersionedState, key: StateKey): { version: number; value: StateValue | undefined } {
  if (key.charCodeAt(0) === 115 /* s */) {
    const slot = state.get(key);
    const wipe = state.get(`c${key.slice(1, 41)}`);
    if (wipe !== undefined && (slot === undefined || wipe.version > slot.version))
      return { version: wipe.version, value: new Uint8Array() };
    if (slot !== undefined) return slot;
    return { version: -1, value: undefined };
  }
  const entry = state.get(key);
  return entry ?? { version: -1, value: undefined };
}

/** Applies one committed transaction's writes to versioned state. */
export function applyWrites(state: VersionedState, version: number, writes: readonly WriteEntry[]): void {
  for (const [key, value] of writes) state.set(key, { version, value });
}

/**
 * The pure execution kernel of the parallel executor: runs one transaction against versioned
 * state (`known`, the committed prefix it has been told about) over the parent state, recording
 * what it read (with versions) and what it wrote. Runs the same in a worker and on the main thread.
 */
export class ParallelKernel {
  private exec: ExecutionVm | null = null;
  private block: Block | null = null;
  private coinbaseHex = "";
  private feePhase = false;
  readonly known: VersionedState;
  private baseCache = new Map<StateKey, Promise<StateValue | undefined>>();
  private knownCode = new Map<string, Uint8Array>();

  constructor(
    private readonly common: Common,
    private readonly keccak: KeccakFn,
    private readonly readBase: BaseReader,
    known?: VersionedState,
  ) {
    this.known = known ?? new Map();
  }

  private async getExec(): Promise<ExecutionVm> {
    if (this.exec === null) {
      const exec = await createExecutionVm(this.common, new FlatStateManager(emptySource, this.keccak));
      const evm = exec.vm.evm as unknown as { runCall: (o: unknown) => Promise<unknown> };
      const runCall = evm.runCall.bind(evm);
      // After the message call returns, runTx only refunds the sender and pays the coinbase: reads
      // of the coinbase from here on are the fee credit, recorded as a delta rather than a read.
      evm.runCall = async (o: unknown) => {
        const r = await runCall(o);
        this.feePhase = true;
        return r;
      };
      this.exec = exec;
    }
    return this.exec;
  }

  /**
   * The most gas one transaction of this block may use when run speculatively: the block's limit.
   * (Cumulative gas is checked at commit, in block order; a smaller cap here would refuse
   * transactions the sequential reference accepts.)
   */
  private blockGasLimit = 0n;

  async startBlock(env: BlockEnv, keepKnown = false): Promise<void> {
    const exec = await this.getExec();
    this.block = exec.setEnv(env);
    this.blockGasLimit = env.gasLimit;
    this.coinbaseHex = bytesToHexFast(env.coinbase);
    this.baseCache = new Map();
    this.knownCode = new Map();
    if (!keepKnown) this.known.clear();
  }

  learn(version: number, writes: readonly WriteEntry[], code: readonly [string, Uint8Array][]): void {
    applyWrites(this.known, version, writes);
    for (const [h, c] of code) this.knownCode.set(h, c);
  }

  private base(key: StateKey): Promise<StateValue | undefined> {
    let p = this.baseCache.get(key);
    if (p === undefined) {
      p = this.readBase(key);
      this.baseCache.set(key, p);
    }
    return p;
  }

  /**
   * A plain value transfer without the EVM (plainTransfer.ts), reading the sender and the recipient
   * through `read` like runTx would; null sends the transaction to runTx.
   */
  private async tryPlainTransfer(
    tx: TypedTransaction | LazyTransaction,
    block: Block,
    precompiles: ReadonlyMap<string, unknown>,
    read: VersionedRead,
  ): Promise<{ writes: WriteEntry[]; execution: TxExecution } | null> {
    let senderHex: string;
    let fields: TransferFields | null;
    if (isLazy(tx)) {
      ({ senderHex, fields } = tx);
      if (fields === null) return null;
    } else {
      try {
        senderHex = bytesToHexFast(tx.getSenderAddress().bytes);
      } catch {
        return null; // no sender: runTx gives the verdict
      }
      fields = getTransferFields(tx);
    }
    const match = matchPlainTransfer(fields, senderHex, this.coinbaseHex, precompiles);
    if (match === null) return null;
    const env = { baseFee: block.header.baseFeePerGas ?? 0n, blockGasLimit: this.blockGasLimit };
    const sender = (await read(`a${match.senderHex}`)) as AccountData | null | undefined;
    if (sender === null || sender === undefined || !canSendPlainTransfer(fields, sender, env)) return null;
    const recipient = (await read(`a${match.recipientHex}`)) as AccountData | null | undefined;
    const result = computePlainTransfer(fields, sender, recipient ?? undefined, env);
    if (result === null) return null;
    const writes: WriteEntry[] = [[`a${match.senderHex}`, result.sender]];
    if (result.recipient !== null) writes.push([`a${match.recipientHex}`, result.recipient]);
    return { writes, execution: result.execution };
  }

  /** Runs one transaction: a decoded one, or (on a worker) one decoded only if the fast path cannot take it. */
  async execute(index: number, incarnation: number, tx: TypedTransaction | LazyTransaction): Promise<TxResult> {
    const exec = await this.getExec();
    const block = this.block;
    if (block === null) throw new Error("kernel: no block started");
    const startMs = performance.timeOrigin + performance.now();
    const reads = new Map<StateKey, number>();
    const seen = new Map<StateKey, StateValue | undefined>();
    let coinbaseSeen: AccountData | null | undefined;
    let coinbaseDeltaMode = false;
    const coinbaseKey = `a${this.coinbaseHex}`;
    const read = async (key: StateKey): Promise<StateValue | undefined> => {
      if (seen.has(key)) return seen.get(key);
      const { version, value } = resolveVersion(this.known, key);
      const v = version === -1 ? await this.base(key) : value;
      reads.set(key, version);
      seen.set(key, v);
      return v;
    };
    const source: StateSource = {
      getAccount: async (addrHex) => {
        const key = `a${addrHex}`;
        if (key === coinbaseKey && this.feePhase && !reads.has(key)) {
          if (!coinbaseDeltaMode) {
            coinbaseDeltaMode = true;
            const { version, value } = resolveVersion(this.known, key);
            coinbaseSeen = (version === -1 ? await this.base(key) : value) as AccountData | null | undefined;
          }
          return coinbaseSeen ?? undefined;
        }
        return ((await read(key)) as AccountData | null | undefined) ?? undefined;
      },
      getStorage: async (addrHex, _address, slotHex) =>
        ((await read(`s${addrHex}${slotHex}`)) as Uint8Array | undefined) ?? new Uint8Array(),
      getCode: async (codeHash) => {
        const h = bytesToHexFast(codeHash);
        const own = this.knownCode.get(h);
        if (own !== undefined) return own;
        return ((await this.base(`k${h}`)) as Uint8Array | undefined) ?? new Uint8Array();
      },
    };
    const plain = await this.tryPlainTransfer(tx, block, exec.vm.evm.precompiles, read);
    if (plain !== null) {
      const { writes, execution } = plain;
      const endMs = performance.timeOrigin + performance.now();
      const outcome = { status: "valid" as const, execution };
      return { index, incarnation, reads: [...reads], writes, code: [], coinbaseDelta: execution.minerValue, outcome, startMs, endMs };
    }
    const decoded = isLazy(tx) ? tx.decode() : tx;
    exec.state.reset(source);
    this.feePhase = false;
    const outcome = await runTransaction(exec, block, decoded, this.blockGasLimit);
    this.feePhase = false;
    const writes: WriteEntry[] = [];
    let coinbaseDelta: bigint | null = null;
    const changes = exec.state.toChanges();
    if (outcome.status === "valid") {
      for (const addr of changes.cleared) writes.push([`c${addr}`, true]);
      for (const [addr, account] of changes.accounts) {
        const key = `a${addr}`;
        if (key === coinbaseKey && coinbaseDeltaMode && !reads.has(key)) {
          if (account !== null) {
            coinbaseDelta = account.balance - (coinbaseSeen?.balance ?? 0n);
            continue;
          }
          // Deleted while paying the fee (an empty coinbase): validate it like any read.
          reads.set(key, resolveVersion(this.known, key).version);
        }
        // A write of the value this transaction read is no write (a zero-value call "writes" its
        // target): dropping it keeps later readers of that account from looking stale.
        if (seen.has(key) && !changes.cleared.has(addr) && sameAccount(seen.get(key) as AccountData | null | undefined, account)) continue;
        writes.push([key, account]);
      }
      for (const [addr, slots] of changes.storage) {
        for (const [slot, value] of slots) {
          const key = `s${addr}${slot}`;
          if (
            seen.has(key) &&
            !changes.cleared.has(addr) &&
            equalBytes((seen.get(key) as Uint8Array | undefined) ?? new Uint8Array(), value)
          )
            continue;
          writes.push([key, value]);
        }
      }
    }
    const code: [string, Uint8Array][] = outcome.status === "valid" ? [...changes.code] : [];
    exec.state.reset(emptySource);
    return {
      index,
      incarnation,
      reads: [...reads],
      writes,
      code,
      coinbaseDelta,
      outcome,
      startMs,
      endMs: performance.timeOrigin + performance.now(),
    };
  }
}

/**
 * A transaction a worker has as bytes: the fields the fast path needs (null: not a type 0–2
 * transaction), its sender, and the full decode, done only when the fast path declines.
 */
export interface LazyTransaction {
  readonly fields: TransferFields | null;
  readonly senderHex: string;
  decode(): TypedTransaction;
}

function isLazy(tx: TypedTransaction | LazyTransaction): tx is LazyTransaction {
  return "decode" in tx && typeof tx.decode === "function";
}

/** How `execute` reads a key: recorded with the version it saw. */
type VersionedRead = (key: StateKey) => Promise<StateValue | undefined>;

function sameAccount(a: AccountData | null | undefined, b: AccountData | null): boolean {
  if (a === undefined || a === null || b === null) return (a ?? null) === b;
  return a.nonce === b.nonce && a.balance === b.balance && equalBytes(a.codeHash, b.codeHash) && equalBytes(a.storageRoot, b.storageRoot);
}

const emptySource: StateSource = {
  getAccount: async () => undefined,
  getStorage: async () => new Uint8Array(),
  getCode: async () => new Uint8Array(),
};

/** A copy of `bytes` that owns exactly its bytes (a view clones its whole buffer when posted). */
export function compactBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength === bytes.buffer.byteLength && !(bytes.buffer instanceof SharedArrayBuffer) ? bytes : bytes.slice();
}

/** A state value whose byte arrays own their buffers. */
export function compactValue(value: StateValue): StateValue {
  if (value === null || value === true) return value;
  if (value instanceof Uint8Array) return compactBytes(value);
  return {
    nonce: value.nonce,
    balance: value.balance,
    storageRoot: compactBytes(value.storageRoot),
    codeHash: compactBytes(value.codeHash),
  };
}

/**
 * The result with every byte array copied out of the buffer it views: hashes, decoded trie values
 * and EVM return data are views of 8 KB Buffer slabs or whole node encodings, and structured clone
 * copies a view's entire buffer — ~150 µs per result before this.
 */
export function compactResult(r: TxResult): TxResult {
  const writes: WriteEntry[] = r.writes.map(([k, v]) => [k, compactValue(v)]);
  const code: [string, Uint8Array][] = r.code.map(([h, c]) => [h, compactBytes(c)]);
  let outcome = r.outcome;
  if (outcome.status === "valid") {
    const e = outcome.execution;
    const execution = {
      ...e,
      returnData: compactBytes(e.returnData),
      logs: e.logs.map((l) => ({ address: compactBytes(l.address), topics: l.topics.map(compactBytes), data: compactBytes(l.data) })),
    };
    if (e.contractAddress !== undefined) execution.contractAddress = compactBytes(e.contractAddress);
    if (e.revertData !== undefined) execution.revertData = compactBytes(e.revertData);
    outcome = { status: "valid", execution };
  }
  return { ...r, writes, code, outcome };
}
