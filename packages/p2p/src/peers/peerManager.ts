// Peer manager: checks gossipsub scores on an interval, hangs up and bans peers below the threshold.
import type { P2PLogger } from "../interface.js";
import type { P2PMetrics } from "../metrics.js";
import type { BanList } from "./banList.js";

export interface PeerManagerOpts {
  /** Score below which a peer is hung up and banned. */
  disconnectThreshold: number;
  checkIntervalMs: number;
  banDurationMs: number;
}

export interface PeerManagerModules {
  banList: BanList;
  getPeers(): string[];
  getScore(peerId: string): number;
  hangUp(peerId: string): Promise<void>;
  logger: P2PLogger;
  metrics: P2PMetrics | null;
}

export class PeerManager {
  readonly #opts: PeerManagerOpts;
  readonly #modules: PeerManagerModules;
  /** Peers being hung up by us, so their disconnect is counted as `low_score`. */
  readonly #hangingUp = new Set<string>();
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: PeerManagerOpts, modules: PeerManagerModules) {
    this.#opts = opts;
    this.#modules = modules;
  }

  start(): void {
    if (this.#timer !== null) return;
    this.#timer = setInterval(() => this.checkPeers(), this.#opts.checkIntervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** One pass: hangs up every connected peer whose score is below the threshold, or who is banned. */
  checkPeers(): void {
    const scores: number[] = [];
    for (const peerId of this.#modules.getPeers()) {
      if (this.#hangingUp.has(peerId)) continue;
      const score = this.#modules.getScore(peerId);
      scores.push(score);
      if (score < this.#opts.disconnectThreshold) this.#disconnect(peerId, score);
    }
    this.#modules.metrics?.bannedPeers.set(this.#modules.banList.size);
    this.#modules.metrics?.onPeerScores(scores);
  }

  /** True once if `peerId` was hung up by this manager (the caller is handling its disconnect event). */
  takeLowScoreDisconnect(peerId: string): boolean {
    return this.#hangingUp.delete(peerId);
  }

  #disconnect(peerId: string, score: number): void {
    this.#modules.banList.ban(peerId, this.#opts.banDurationMs);
    this.#hangingUp.add(peerId);
    this.#modules.logger.info("Disconnecting peer with low score", { peer: peerId, score, banMs: this.#opts.banDurationMs });
    this.#modules.hangUp(peerId).catch((err: unknown) => {
      this.#hangingUp.delete(peerId);
      this.#modules.logger.debug("Hang-up failed", { peer: peerId }, err);
    });
  }
}
