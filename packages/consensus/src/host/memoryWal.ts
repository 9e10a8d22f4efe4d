// A consensus WAL in memory, for the simulator and tests.

import type { WalEntry } from "../core/types.js";
import { getWalEntryHeight } from "../core/walEntry.js";
import type { ConsensusWal } from "../interface.js";

/** A WAL kept in memory (the simulator's "disk": it survives a simulated crash, not a process exit). */
export class MemoryConsensusWal implements ConsensusWal {
  private entries: WalEntry[] = [];

  append(entry: WalEntry): void {
    this.entries.push(structuredClone(entry));
  }

  readAll(): WalEntry[] {
    return this.entries.map((e) => structuredClone(e));
  }

  pruneBelow(height: number): void {
    this.entries = this.entries.filter((e) => getWalEntryHeight(e) >= height);
  }

  close(): void {}
}
