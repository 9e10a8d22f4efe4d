// The consensus WAL on disk: CRC-checked, fsynced records, cut at the last complete one after a crash.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { WalEntry } from "../core/types.js";
import { decodeWalEntry, encodeWalEntry, getWalEntryHeight } from "../core/walEntry.js";
import type { ConsensusWal } from "../interface.js";

/** CRC-32 (IEEE 802.3), the checksum of each record. */
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Largest record accepted when reading: WAL entries are a few hundred bytes. */
const MAX_RECORD_BYTES = 1 << 20;

function encodeRecord(entry: WalEntry): Uint8Array {
  const payload = encodeWalEntry(entry);
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  view.setUint32(4, crc32(payload));
  out.set(payload, 8);
  return out;
}

/** Parses records; stops at the first torn or corrupt one and reports where the good prefix ends. */
function decodeRecords(data: Uint8Array): { entries: WalEntry[]; goodBytes: number } {
  const entries: WalEntry[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let offset = 0;
  while (offset + 8 <= data.length) {
    const length = view.getUint32(offset);
    const checksum = view.getUint32(offset + 4);
    if (length > MAX_RECORD_BYTES || offset + 8 + length > data.length) break;
    const payload = data.subarray(offset + 8, offset + 8 + length);
    if (crc32(payload) !== checksum) break;
    try {
      entries.push(decodeWalEntry(payload));
    } catch {
      break;
    }
    offset += 8 + length;
  }
  return { entries, goodBytes: offset };
}

/**
 * The file-backed WAL: append-only records `[length u32 BE][crc32 u32 BE][JSON payload]`, each fsynced
 * before `append` returns. On open, a torn or corrupt tail (a crash mid-write) is cut off, so the log
 * always ends at the last complete record. `pruneBelow` rewrites the file to a temporary one and renames
 * it over the old one (atomic on POSIX).
 */
export class FileConsensusWal implements ConsensusWal {
  readonly path: string;
  /** Bytes of a torn or corrupt tail cut off when the file was opened (0: it ended at a complete record). */
  readonly cutBytes: number;
  private fd: number;
  private entries: WalEntry[];

  constructor(path: string) {
    this.path = path;
    const data = existsSync(path) ? readFileSync(path) : new Uint8Array();
    const { entries, goodBytes } = decodeRecords(data);
    this.entries = entries;
    this.fd = openSync(path, "a+", 0o600);
    this.cutBytes = Math.max(0, fstatSync(this.fd).size - goodBytes);
    if (goodBytes < fstatSync(this.fd).size) {
      ftruncateSync(this.fd, goodBytes);
      fsyncSync(this.fd);
    }
  }

  append(entry: WalEntry): void {
    const record = encodeRecord(entry);
    let written = 0;
    while (written < record.length) written += writeSync(this.fd, record, written);
    fsyncSync(this.fd);
    this.entries.push(entry);
  }

  readAll(): WalEntry[] {
    return [...this.entries];
  }

  pruneBelow(height: number): void {
    const kept = this.entries.filter((e) => getWalEntryHeight(e) >= height);
    if (kept.length === this.entries.length) return;
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    for (const e of kept) {
      const record = encodeRecord(e);
      let written = 0;
      while (written < record.length) written += writeSync(fd, record, written);
    }
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(tmp, this.path);
    this.fd = openSync(this.path, "a+", 0o600);
    this.entries = kept;
  }

  close(): void {
    closeSync(this.fd);
  }
}
