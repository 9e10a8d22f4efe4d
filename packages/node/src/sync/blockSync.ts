// Catches up from peers: finds who is ahead, fetches blocks with certificates, checks them, imports.
import type { Common } from "@eigenchain/chain";
import { decodeBlock } from "@eigenchain/chain";
import type { BlsBackend, ValidatorSet } from "@eigenchain/consensus";
import { decodeCommitCertificate, verifyCommitCertificate } from "@eigenchain/consensus";
import { bytesToHex } from "@ethereumjs/util";
import type { ConsensusHost } from "../consensus/consensusHost.js";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import { decodeStatus, decodeSyncedBlock, encodeBlocksRequest, PROTOCOLS } from "../network/messages.js";
import { MAX_BLOCKS_PER_REQUEST, MAX_SYNCED_BLOCK_BYTES } from "../network/reqRespHandlers.js";
import type { BlockStore } from "../store/blockStore.js";
import { PeriodicTask } from "./periodicTask.js";

/** The request side of the p2p layer that sync needs. */
export interface SyncNetwork {
  getPeers(): { peerId: string }[];
  request(
    peer: string,
    protocol: string,
    request: Uint8Array,
    opts?: { timeoutMs?: number; limits?: { maxItems?: number; maxItemBytes?: number } },
  ): Promise<Uint8Array[]>;
}

export interface BlockSyncOpts {
  chainId: bigint;
  /** How often peers are asked for their head. */
  intervalMs: number;
}

export interface BlockSyncModules {
  common: Common;
  store: BlockStore;
  host: ConsensusHost;
  network: SyncNetwork;
  validatorSet: ValidatorSet;
  bls: BlsBackend;
  logger: Logger;
  /** Sync progress series (eigen_node_sync_*). */
  metrics?: NodeMetrics | null;
}

/** What eth_syncing reports while a catch-up runs. */
export interface SyncProgress {
  startingBlock: bigint;
  currentBlock: bigint;
  highestBlock: bigint;
}

const STATUS_TIMEOUT_MS = 2_000;
const BLOCKS_TIMEOUT_MS = 15_000;

/**
 * Polls peers' heads. A peer two blocks ahead, or one block ahead at two polls in a row (we missed
 * the votes of a height), triggers a catch-up: ranges of blocks are fetched from it, each block's
 * certificate is checked against the validator set, and the consensus host re-executes and commits it.
 */
export class BlockSync {
  private readonly loop: PeriodicTask;
  private running = false;
  private progress: SyncProgress | null = null;
  private behindByOneAt: bigint | null = null;

  constructor(
    private readonly opts: BlockSyncOpts,
    private readonly modules: BlockSyncModules,
  ) {
    this.loop = new PeriodicTask(
      opts.intervalMs,
      () => this.poll(),
      (err) => modules.logger.warn("Block sync round failed", {}, err),
    );
  }

  /**
   * Before consensus starts (CometBFT's block sync, then consensus): waits up to `waitForPeersMs` for a
   * peer, then catches up with the best one. A restarted or wiped validator thus joins at the head
   * instead of voting at heights the others decided long ago.
   */
  async syncBeforeConsensus(waitForPeersMs: number): Promise<void> {
    this.running = true;
    const deadline = performance.now() + waitForPeersMs;
    while (this.running && this.modules.network.getPeers().length === 0 && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      await this.poll(true);
    } catch (err) {
      this.modules.logger.warn("Initial block sync failed; consensus starts anyway", {}, err);
    }
  }

  /** The periodic catch-up beside consensus. */
  start(): void {
    this.running = true;
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop.stop();
  }

  /** Null when not catching up. */
  getProgress(): SyncProgress | null {
    return this.progress;
  }

  /** `eager`: catch up even one block behind (consensus is not running to decide it itself). */
  private async poll(eager = false): Promise<void> {
    const best = await this.findBestPeer();
    const head = this.modules.store.getHead().header.number;
    if (best !== null) this.modules.metrics?.syncPeerHead.set(Number(best.headNumber));
    this.modules.metrics?.syncBehind.set(best === null || best.headNumber <= head ? 0 : Number(best.headNumber - head));
    if (best === null || best.headNumber <= head) {
      this.behindByOneAt = null;
      return;
    }
    if (!eager && best.headNumber === head + 1n && this.behindByOneAt !== head) {
      this.behindByOneAt = head; // consensus may still decide it itself: look again next poll
      return;
    }
    await this.catchUp(best.peerId, best.headNumber);
  }

  private async findBestPeer(): Promise<{ peerId: string; headNumber: bigint } | null> {
    const { network } = this.modules;
    const statuses = await Promise.all(
      network.getPeers().map(async ({ peerId }) => {
        try {
          const [bytes] = await network.request(peerId, PROTOCOLS.status, new Uint8Array(), { timeoutMs: STATUS_TIMEOUT_MS });
          return bytes === undefined ? null : { peerId, headNumber: decodeStatus(bytes).headNumber };
        } catch {
          return null;
        }
      }),
    );
    let best: { peerId: string; headNumber: bigint } | null = null;
    for (const s of statuses) if (s !== null && (best === null || s.headNumber > best.headNumber)) best = s;
    return best;
  }

  private async catchUp(peerId: string, target: bigint): Promise<void> {
    const { store, logger } = this.modules;
    const startingBlock = store.getHead().header.number;
    this.progress = { startingBlock, currentBlock: startingBlock, highestBlock: target };
    logger.info("Catching up", { peer: peerId, from: Number(startingBlock) + 1, to: Number(target) });
    this.modules.metrics?.syncCatchups.inc();
    const started = performance.now();
    try {
      while (this.running && store.getHead().header.number < target) {
        const imported = await this.fetchAndImport(peerId, store.getHead().header.number + 1n, target);
        if (imported === 0) break;
        this.modules.metrics?.syncImported.inc(imported);
        const current = store.getHead().header.number;
        this.progress = { startingBlock, currentBlock: current, highestBlock: target };
        this.modules.metrics?.syncBehind.set(Number(target > current ? target - current : 0n));
        const seconds = (performance.now() - started) / 1000;
        const done = Number(current - startingBlock);
        logger.info("Sync progress", {
          current: Number(current),
          highest: Number(target),
          blocksPerSecond: Math.round((done / Math.max(seconds, 0.001)) * 10) / 10,
        });
      }
    } finally {
      this.progress = null;
      this.behindByOneAt = null;
    }
  }

  /** One range request; returns how many blocks were imported. Throws on a bad block or certificate. */
  private async fetchAndImport(peerId: string, from: bigint, target: bigint): Promise<number> {
    const { network, common, host } = this.modules;
    const count = Number(target - from + 1n < BigInt(MAX_BLOCKS_PER_REQUEST) ? target - from + 1n : BigInt(MAX_BLOCKS_PER_REQUEST));
    const items = await network.request(peerId, PROTOCOLS.blocks, encodeBlocksRequest(from, count), {
      timeoutMs: BLOCKS_TIMEOUT_MS,
      limits: { maxItems: MAX_BLOCKS_PER_REQUEST, maxItemBytes: MAX_SYNCED_BLOCK_BYTES },
    });
    let imported = 0;
    for (const item of items) {
      const { block: blockBytes, certificate } = decodeSyncedBlock(item);
      const block = decodeBlock(blockBytes, common);
      this.checkCertificate(block.header.number, bytesToHex(block.hash()), certificate);
      if (!(await host.importCommitted(block, certificate))) break;
      imported++;
    }
    return imported;
  }

  private checkCertificate(number: bigint, hash: string, bytes: Uint8Array): void {
    const { validatorSet, bls } = this.modules;
    const certificate = decodeCommitCertificate(bytes, validatorSet.size);
    if (BigInt(certificate.height) !== number || certificate.blockHash !== hash) {
      throw new Error(`certificate of block ${number} is for another block`);
    }
    const verdict = verifyCommitCertificate(bls, this.opts.chainId, validatorSet, certificate);
    if (verdict.status === "invalid") throw new Error(`certificate of block ${number} does not verify: ${verdict.reason}`);
  }
}
