// The journal of local transactions that survives a restart (file or memory).
import { appendFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";

/** Where locally submitted transactions survive a restart. */
export interface TxJournal {
  /** Every journaled raw transaction, oldest first; unreadable lines are skipped. */
  load(): Promise<Uint8Array[]>;
  append(raw: Uint8Array): Promise<void>;
  /** Replaces the journal with exactly these transactions (the locals still pooled). */
  rotate(raws: readonly Uint8Array[]): Promise<void>;
  close(): Promise<void>;
}

function parseLine(line: string): Uint8Array | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(value)) return undefined;
    return hexToBytes(value as `0x${string}`);
  } catch {
    return undefined;
  }
}

/**
 * A JSONL file, one JSON string of 0x raw transaction hex per line. Appends are serialised; a
 * rotation writes a temporary file and renames it over the journal, so a crash leaves the old or
 * the new journal, never half of one. A torn last line is skipped on load.
 */
export function createFileTxJournal(path: string): TxJournal {
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  const enqueue = (op: () => Promise<void>): Promise<void> => {
    const next = chain.then(op);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    async load() {
      await chain;
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw err;
      }
      return text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map(parseLine)
        .filter((r): r is Uint8Array => r !== undefined);
    },
    append(raw) {
      return enqueue(() => appendFile(path, `${JSON.stringify(bytesToHex(raw))}\n`));
    },
    rotate(raws) {
      const body = raws.map((r) => `${JSON.stringify(bytesToHex(r))}\n`).join("");
      return enqueue(async () => {
        const tmp = `${path}.new`;
        await writeFile(tmp, body);
        await rename(tmp, path);
      });
    },
    async close() {
      await chain;
    },
  };
}

/** An in-memory journal for tests and journal-less nodes. */
export function createMemoryTxJournal(initial: readonly Uint8Array[] = []): TxJournal & { entries: Uint8Array[] } {
  const entries = [...initial];
  return {
    entries,
    load: () => Promise.resolve([...entries]),
    append: (raw) => {
      entries.push(raw);
      return Promise.resolve();
    },
    rotate: (raws) => {
      entries.splice(0, entries.length, ...raws);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
