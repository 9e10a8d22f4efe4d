// Encoding of consensus WAL entries and the height each belongs to.
import type { WalEntry } from "./types.js";

/** Height an entry belongs to. */
export function getWalEntryHeight(entry: WalEntry): number {
  return entry.type === "decision" ? entry.height : entry.state.height;
}

/** Canonical JSON encoding of a WAL entry (entries hold no bytes, only ids and numbers). */
export function encodeWalEntry(entry: WalEntry): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(entry));
}

export function decodeWalEntry(bytes: Uint8Array): WalEntry {
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (typeof value !== "object" || value === null || !("type" in value)) throw new TypeError("malformed WAL entry");
  const type = (value as { type: unknown }).type;
  if (type !== "state" && type !== "vote" && type !== "proposal" && type !== "decision") {
    throw new TypeError("unknown WAL entry type");
  }
  return value as WalEntry;
}
