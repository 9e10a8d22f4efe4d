// Recovers lost consensus messages: when a height stalls, ask peers for its proposals and votes.
import type { ConsensusHost } from "../consensus/consensusHost.js";
import type { GossipHandlersModules } from "../network/gossipHandlers.js";
import { validateGossipProposal, validateGossipVote } from "../network/gossipHandlers.js";
import { CONSENSUS_ITEM, decodeConsensusItem, encodeHeightRequest, PROTOCOLS } from "../network/messages.js";
import { MAX_BLOCK_MESSAGE_BYTES, MAX_CONSENSUS_ITEMS } from "../network/reqRespHandlers.js";
import type { SyncNetwork } from "./blockSync.js";
import { PeriodicTask } from "./periodicTask.js";

export interface ConsensusCatchupOpts {
  /** How often the driver's progress is looked at; no change between two looks triggers a fetch. */
  intervalMs: number;
}

const REQUEST_TIMEOUT_MS = 3_000;

/**
 * Gossip is best effort: a vote published before the mesh formed, or while a peer restarted, is gone,
 * and a height whose step waits for votes (not a timeout) would wait forever. Like CometBFT's vote
 * gossip, a node whose (height, round, step) did not move for one interval fetches every peer's
 * messages of that height over req/resp and feeds them through the gossip validators.
 */
export class ConsensusCatchup {
  private readonly loop: PeriodicTask;
  private lastKey = "";

  constructor(
    opts: ConsensusCatchupOpts,
    private readonly modules: GossipHandlersModules & { host: ConsensusHost; network: SyncNetwork },
  ) {
    this.loop = new PeriodicTask(
      opts.intervalMs,
      () => this.look(),
      (err) => modules.logger.debug("Consensus catch-up failed", {}, err),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async look(): Promise<void> {
    const key = this.modules.host.getProgressKey();
    const stalled = key === this.lastKey;
    this.lastKey = key;
    if (stalled) await this.fetchFromPeers(this.modules.host.consensusHeight);
  }

  private async fetchFromPeers(height: number): Promise<void> {
    const { network } = this.modules;
    await Promise.all(
      network.getPeers().map(async ({ peerId }) => {
        try {
          const items = await network.request(peerId, PROTOCOLS.consensusMessages, encodeHeightRequest(height), {
            timeoutMs: REQUEST_TIMEOUT_MS,
            limits: { maxItems: MAX_CONSENSUS_ITEMS, maxItemBytes: MAX_BLOCK_MESSAGE_BYTES + 1024 },
          });
          for (const item of items) this.deliver(item);
        } catch (err) {
          this.modules.logger.debug("Consensus messages request failed", { peer: peerId }, err);
        }
      }),
    );
  }

  private deliver(item: Uint8Array): void {
    const { kind, payload } = decodeConsensusItem(item);
    if (kind === CONSENSUS_ITEM.vote) validateGossipVote(this.modules, payload);
    else if (kind === CONSENSUS_ITEM.proposal) validateGossipProposal(this.modules, payload);
  }
}
