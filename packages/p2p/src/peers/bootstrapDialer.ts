// Keeps the bootstrap peers connected: dials them at start and re-dials the unconnected ones on an interval.
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import { createP2PError } from "../errors.js";
import type { P2PLogger } from "../interface.js";

export interface BootstrapDialerOpts {
  /** Multiaddrs ending in /p2p/<peerId>. */
  addresses: string[];
  intervalMs: number;
  /** Per-dial limit, so one unreachable peer cannot hold its slot for long. */
  dialTimeoutMs: number;
}

export interface BootstrapDialerModules {
  selfPeerId: string;
  isConnected(peerId: string): boolean;
  isBanned(peerId: string): boolean;
  dial(address: Multiaddr, signal: AbortSignal): Promise<unknown>;
  logger: P2PLogger;
}

interface BootstrapTarget {
  address: Multiaddr;
  peerId: string;
}

/** Parses a bootstrap multiaddr; it must name its peer with /p2p/<peerId>. */
export function parseBootstrapAddress(address: string): BootstrapTarget {
  let parsed: Multiaddr;
  try {
    parsed = multiaddr(address);
  } catch (err) {
    throw createP2PError({ code: "P2P_INVALID_MULTIADDR", address }, `invalid bootstrap multiaddr ${address}`, err);
  }
  const peerId = parsed.getComponents().findLast((c) => c.name === "p2p")?.value;
  if (peerId === undefined) {
    throw createP2PError({ code: "P2P_INVALID_MULTIADDR", address }, `bootstrap multiaddr ${address} does not end in /p2p/<peerId>`);
  }
  return { address: parsed, peerId };
}

export class BootstrapDialer {
  readonly #targets: BootstrapTarget[];
  readonly #opts: BootstrapDialerOpts;
  readonly #modules: BootstrapDialerModules;
  readonly #dialing = new Set<string>();
  readonly #abort = new AbortController();
  #timer: NodeJS.Timeout | null = null;

  constructor(opts: BootstrapDialerOpts, modules: BootstrapDialerModules) {
    this.#opts = opts;
    this.#modules = modules;
    this.#targets = opts.addresses.map(parseBootstrapAddress).filter((t) => t.peerId !== modules.selfPeerId);
  }

  /** Dials now without waiting, then on every interval. */
  start(): void {
    if (this.#timer !== null || this.#targets.length === 0) return;
    this.dialUnconnected();
    this.#timer = setInterval(() => this.dialUnconnected(), this.#opts.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#abort.abort();
  }

  dialUnconnected(): void {
    for (const target of this.#targets) {
      const key = target.address.toString();
      if (this.#dialing.has(key) || this.#modules.isConnected(target.peerId) || this.#modules.isBanned(target.peerId)) continue;
      this.#dialing.add(key);
      this.#dial(target).finally(() => this.#dialing.delete(key));
    }
  }

  async #dial(target: BootstrapTarget): Promise<void> {
    const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(this.#opts.dialTimeoutMs)]);
    try {
      await this.#modules.dial(target.address, signal);
      this.#modules.logger.debug("Dialled bootstrap peer", { peer: target.peerId });
    } catch (err) {
      if (!this.#abort.signal.aborted)
        this.#modules.logger.debug("Bootstrap dial failed", { peer: target.peerId, address: target.address.toString() }, err);
    }
  }
}
