// Peers refused for a while after a low score (peer id → time the ban ends), and peers blocked until unblocked.

export class BanList {
  readonly #bannedUntil = new Map<string, number>();
  /** Set by the operator or a test (a network partition); no expiry. */
  #blocked = new Set<string>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  ban(peerId: string, durationMs: number): void {
    this.#bannedUntil.set(peerId, this.#now() + durationMs);
  }

  /** Replaces the blocked set. */
  setBlocked(peerIds: readonly string[]): void {
    this.#blocked = new Set(peerIds);
  }

  isBanned(peerId: string): boolean {
    if (this.#blocked.has(peerId)) return true;
    const until = this.#bannedUntil.get(peerId);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#bannedUntil.delete(peerId);
    return false;
  }

  /** Bans still in force (forgets the expired ones). */
  get size(): number {
    for (const peerId of [...this.#bannedUntil.keys()]) this.isBanned(peerId);
    return this.#bannedUntil.size;
  }
}
