// Builds the BFT side of a node in one call: signer, WAL, host, p2p network and block sync.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Common, Genesis } from "@eigenchain/chain";
import { computeValidatorSetHash } from "@eigenchain/chain";
import type { BlsBackend, ConsensusMetrics, TimeoutConfig, ValidatorKey, ValidatorSet } from "@eigenchain/consensus";
import { EvidencePool, FileConsensusWal, loadValidatorKey } from "@eigenchain/consensus";
import type { Mempool } from "@eigenchain/mempool";
import type { P2PMetrics, P2PNetwork } from "@eigenchain/p2p";
import type { BlockBuilder } from "../chain/blockBuilder.js";
import type { BlockImporter } from "../chain/blockImporter.js";
import type { ChainEvents } from "../chain/chainEvents.js";
import type { ChainWriter } from "../chain/chainWriter.js";
import { createNodeError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { NodeMetrics } from "../metrics.js";
import { encodeTxBatch, TOPICS } from "../network/messages.js";
import { createConsensusBroadcaster, createNodeNetwork } from "../network/nodeNetwork.js";
import { TxGossipBatcher } from "../network/txGossipBatcher.js";
import type { BlockStore } from "../store/blockStore.js";
import { BlockSync } from "../sync/blockSync.js";
import { ConsensusCatchup } from "../sync/consensusCatchup.js";
import type { ConsensusBroadcaster } from "./consensusHost.js";
import { ConsensusHost } from "./consensusHost.js";
import { EvidenceKeeper } from "./evidenceKeeper.js";
import { ConsensusSigner } from "./signer.js";

/** The validator key's default place, as `eigenchain keys generate --datadir` and `testnet` write it. */
export const VALIDATOR_KEY_FILE = "validator_key.json";
export const PEER_KEY_FILE = "p2p_key.json";
const CONSENSUS_WAL_FILE = "consensus.wal";
/** How long a starting node with boot nodes waits for a first peer before deciding it is not behind. */
const INITIAL_PEER_WAIT_MS = 3_000;

export interface P2POpts {
  listen: string[];
  announce: string[];
  bootstrap: string[];
}

export interface BftOpts {
  datadir: string;
  blockTimeMs: number;
  /** The validator key file; default `<datadir>/validator_key.json` when it exists (none: a full node). */
  validatorKeyPath?: string;
  /** Null: no networking (a lone validator of a one-validator chain, or tests). */
  p2p: P2POpts | null;
  timeouts?: TimeoutConfig;
  /** TEST ONLY: propose blocks with a corrupted state root. */
  corruptStateRoot?: boolean;
  /** TEST ONLY: sign a conflicting vote beside every vote (equivocation). */
  equivocate?: boolean;
  /** TEST ONLY: sign and send a second, different proposal beside every own proposal. */
  doublePropose?: boolean;
  syncIntervalMs?: number;
  /** How long a stalled height waits before asking peers for its messages. */
  catchupIntervalMs?: number;
}

export interface BftModules {
  genesis: Genesis;
  common: Common;
  validatorSet: ValidatorSet;
  bls: BlsBackend;
  store: BlockStore;
  mempool: Mempool;
  builder: BlockBuilder;
  importer: BlockImporter;
  chainWriter: ChainWriter;
  events: ChainEvents;
  logger: Logger;
  consensusMetrics: ConsensusMetrics | null;
  p2pMetrics: P2PMetrics | null;
  /** Block sync's progress series. */
  nodeMetrics?: NodeMetrics | null;
}

export interface BftServices {
  host: ConsensusHost;
  network: P2PNetwork | null;
  sync: BlockSync | null;
  evidence: EvidenceKeeper;
  key: ValidatorKey | null;
  start(): Promise<void>;
  close(): Promise<void>;
}

async function loadKey(opts: BftOpts, bls: BlsBackend): Promise<ValidatorKey | null> {
  const path = opts.validatorKeyPath ?? join(opts.datadir, VALIDATOR_KEY_FILE);
  if (opts.validatorKeyPath === undefined && !existsSync(path)) return null;
  try {
    return await loadValidatorKey(path, { bls });
  } catch (err) {
    throw createNodeError({ code: "NODE_VALIDATOR_KEY", path }, `cannot load the validator key: ${(err as Error).message}`, err);
  }
}

/** The header commitment every block must carry, for the importer and the builder. */
export function getValidatorSetHash(genesis: Genesis): Uint8Array | null {
  return genesis.validators.length === 0 ? null : computeValidatorSetHash(genesis.validators);
}

/** Wires consensus, networking and sync; nothing runs until `start`. */
export async function createBftServices(opts: BftOpts, modules: BftModules): Promise<BftServices> {
  const { genesis, validatorSet, bls, store, logger } = modules;
  const key = await loadKey(opts, bls);
  if (key !== null && !validatorSet.has(key.address)) {
    logger.warn("Validator key is not in the genesis validator set: running as a full node", { address: key.address });
  }
  const signer = new ConsensusSigner(genesis.chainId, { bls, validatorSet, key });
  let publishEvidence: (bytes: Uint8Array) => void = () => undefined;
  const evidence = new EvidenceKeeper({
    pool: new EvidencePool({ chainId: genesis.chainId, getValidatorSet: () => validatorSet }, { bls }),
    db: store.evidenceDb,
    publish: (bytes) => publishEvidence(bytes),
    logger: logger.child({ component: "evidence" }),
    metrics: modules.consensusMetrics,
  });
  const storedEvidence = await evidence.load();
  if (storedEvidence > 0) logger.info("Loaded equivocation evidence", { records: storedEvidence });
  const consensusLogger = logger.child({ component: "consensus" });
  // The host publishes through the network, and the network's validators feed the host: the
  // broadcaster is bound once the network exists (a node without p2p sends nothing).
  let broadcast: ConsensusBroadcaster = { publishProposal: () => undefined, publishVote: () => undefined };
  const wal = new FileConsensusWal(join(opts.datadir, CONSENSUS_WAL_FILE));
  // A crash mid-append tears the last record before its fsync returned, so it was never signed or sent;
  // but a tail cut off afterwards may have held a vote that left. The height in progress at the crash
  // (the head's + 1: nothing is signed beyond it) is then followed without signing, so no vote there can conflict.
  const noSignUpTo = wal.cutBytes > 0 ? Number(store.getHead().header.number) + 1 : undefined;
  if (noSignUpTo !== undefined) {
    consensusLogger.warn("Consensus WAL ended in a torn record: cut back to the last complete one", {
      file: wal.path,
      cutBytes: wal.cutBytes,
      notSigningUpToHeight: noSignUpTo,
    });
  }
  const host = new ConsensusHost(
    {
      blockTimeMs: opts.blockTimeMs,
      ...(opts.timeouts === undefined ? {} : { timeouts: opts.timeouts }),
      ...(opts.corruptStateRoot === true ? { corruptStateRoot: true } : {}),
      ...(opts.equivocate === true ? { equivocate: true } : {}),
      ...(opts.doublePropose === true ? { doublePropose: true } : {}),
      ...(noSignUpTo === undefined ? {} : { noSignUpTo }),
    },
    {
      ...modules,
      signer,
      wal,
      broadcaster: {
        publishProposal: (proposal, block) => broadcast.publishProposal(proposal, block),
        publishVote: (vote) => broadcast.publishVote(vote),
      },
      evidence,
      logger: consensusLogger,
      metrics: modules.consensusMetrics,
    },
  );
  let network: P2PNetwork | null = null;
  let sync: BlockSync | null = null;
  let catchup: ConsensusCatchup | null = null;
  if (opts.p2p !== null) {
    const gossipModules = { common: modules.common, mempool: modules.mempool, host, signer, logger: logger.child({ component: "p2p" }) };
    network = await createNodeNetwork(
      { chainId: genesis.chainId, ...opts.p2p, peerKeyPath: join(opts.datadir, PEER_KEY_FILE) },
      { ...gossipModules, store, evidence, metrics: modules.p2pMetrics },
    );
    const evidenceNetwork = network;
    publishEvidence = (bytes) => {
      evidenceNetwork.publish(TOPICS.evidence, bytes).catch((err: unknown) => logger.debug("Evidence gossip failed", {}, err));
    };
    catchup = new ConsensusCatchup({ intervalMs: opts.catchupIntervalMs ?? 1000 }, { ...gossipModules, network });
    broadcast = createConsensusBroadcaster(network, consensusLogger);
    sync = new BlockSync(
      { chainId: genesis.chainId, intervalMs: opts.syncIntervalMs ?? 1000 },
      {
        common: modules.common,
        store,
        host,
        network,
        validatorSet,
        bls,
        logger: logger.child({ component: "sync" }),
        metrics: modules.nodeMetrics ?? null,
      },
    );
  }
  const txGossip = new TxGossipBatcher((batch) => {
    network?.publish(TOPICS.txs, encodeTxBatch(batch)).catch((err: unknown) => logger.debug("Transaction gossip failed", {}, err));
  });
  const onPendingTransaction = (hash: Uint8Array): void => {
    const pooled = modules.mempool.get(hash);
    if (network !== null && pooled !== undefined) txGossip.add(pooled.raw);
  };
  return {
    host,
    network,
    sync,
    evidence,
    key,
    async start() {
      await network?.start();
      modules.events.on("pendingTransaction", onPendingTransaction);
      // Peers that are ahead first (a wiped or long-stopped node), then consensus at the head.
      if (opts.p2p !== null && opts.p2p.bootstrap.length > 0) await sync?.syncBeforeConsensus(INITIAL_PEER_WAIT_MS);
      host.start();
      sync?.start();
      catchup?.start();
    },
    async close() {
      modules.events.off("pendingTransaction", onPendingTransaction);
      txGossip.stop();
      await catchup?.stop();
      await sync?.stop();
      await host.stop();
      await network?.stop();
      wal.close();
    },
  };
}
