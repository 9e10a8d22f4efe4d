// The journal of local transactions that survives a restart (file or memory).
import { type FileHandle, mkdir, open, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { toHex } from "@eigenchain/chain";
import { hexToBytes } from "@ethereumjs/util";

/**
 * Where locally submitted transactions survive a restart. Like geth's `transactions.rlp` it is a
 * best-effort record: appends are buffered and written every flush interval, so a crash loses at most
 * the locals of the last interval. Committed blocks, not the journal, are what is durable.
 */
export interface TxJournal {
  /** Every journaled raw transaction, oldest first; unreadable lines are skipped. */
  load(): Promise<Uint8Array[]>;
  /** Records a transaction; it reaches the file within one flush interval (admission never waits on it). */
  append(raw: Uint8Array): void;
  /** Writes whatever is buffered now. */
  flush(): Promise<void>;
  /** Replaces the journal with exactly these transactions (the locals still pooled). */
  rotate(raws: readonly Uint8Array[]): Promise<void>;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

/** How often buffered appends are written: a SIGKILL loses at most the locals of the last interval. */
export const JOURNAL_FLUSH_INTERVAL_MS = 100;
/** A buffer this large is written at once instead of at the next tick of the interval. */
const FLUSH_AT_BYTES = 1024 * 1024;

function parseLine(line: string): Uint8Array | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(value)) return undefined;
    return hexToBytes(value as `0x${string}`);
  } catch {
    return undefined;
  }
}

/** One JSON string of 0x hex and a newline (hex needs no JSON escaping). */
function toLine(raw: Uint8Array): string {
  return `"${toHex(raw)}"\n`;
}

export interface FileTxJournalOpts {
  /** Default `JOURNAL_FLUSH_INTERVAL_MS`. */
  flushIntervalMs?: number;
}

/**
 * A JSONL file, one JSON string of 0x raw transaction hex per line, appended through one open file
 * handle: appends collect in a buffer that one write per flush interval empties. File operations run
 * one at a time; a rotation writes a temporary file and renames it over the journal, so a crash leaves
 * the old or the new journal, never half of one. A torn last line is skipped on load.
 */
export function createFileTxJournal(path: string, opts: FileTxJournalOpts = {}): TxJournal {
  return new FileTxJournal(path, opts.flushIntervalMs ?? JOURNAL_FLUSH_INTERVAL_MS);
}

class FileTxJournal implements TxJournal {
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private handle: FileHandle | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The file operations, one after another. */
  private chain: Promise<void>;

  constructor(
    private readonly path: string,
    private readonly flushIntervalMs: number,
  ) {
    this.chain = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.chain.then(op);
    this.chain = next.catch(() => undefined);
    return next;
  }

  async load(): Promise<Uint8Array[]> {
    await this.chain;
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map(parseLine)
      .filter((r): r is Uint8Array => r !== undefined);
  }

  append(raw: Uint8Array): void {
    const line = toLine(raw);
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= FLUSH_AT_BYTES) void this.flush().catch(() => undefined);
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Takes the buffer now (synchronously) and writes it in turn after the operations before it. */
  flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffered.length === 0) return this.enqueue(async () => undefined);
    const body = this.buffered.join("");
    this.buffered = [];
    this.bufferedBytes = 0;
    return this.enqueue(async () => {
      this.handle ??= await open(this.path, "a", 0o600);
      await this.handle.appendFile(body);
    });
  }

  rotate(raws: readonly Uint8Array[]): Promise<void> {
    // What is buffered is among `raws` (still pooled) or gone from the pool: the rotation supersedes it.
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.buffered = [];
    this.bufferedBytes = 0;
    const body = raws.map(toLine).join("");
    return this.enqueue(async () => {
      await this.handle?.close();
      this.handle = undefined;
      const tmp = `${this.path}.new`;
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, this.path);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await this.enqueue(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }
}

/** An in-memory journal for tests and journal-less nodes. */
export function createMemoryTxJournal(initial: readonly Uint8Array[] = []): TxJournal & { entries: Uint8Array[] } {
  const entries = [...initial];
  return {
    entries,
    load: () => Promise.resolve([...entries]),
    append: (raw) => {
      entries.push(raw);
    },
    flush: () => Promise.resolve(),
    rotate: (raws) => {
      entries.splice(0, entries.length, ...raws);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
