// P2PNetwork: the node's one door to the network: gossip topics, req/resp protocols, peers and their scores.
import type { GossipsubMessage } from "@libp2p/gossipsub";
import type { PeerId } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { createP2PError } from "./errors.js";
import { TypedEmitter } from "./events.js";
import { DISCONNECT_SCORE_THRESHOLD } from "./gossip/scoreParams.js";
import { GossipValidation } from "./gossip/validation.js";
import { createHost, type P2PHost } from "./host/createHost.js";
import type {
  GossipHandler,
  GossipTopicSpec,
  GossipValidator,
  P2PEvents,
  P2PNetworkModules,
  P2PNetworkOpts,
  PeerInfo,
  ReqRespLimits,
  RequestHandler,
  RequestOpts,
} from "./interface.js";
import { BanList } from "./peers/banList.js";
import { BootstrapDialer, parseBootstrapAddress } from "./peers/bootstrapDialer.js";
import { createConnectionGater } from "./peers/connectionGater.js";
import { PeerManager } from "./peers/peerManager.js";
import { sendRequest } from "./reqresp/client.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, resolveLimits } from "./reqresp/limits.js";
import { createRequestStreamHandler } from "./reqresp/server.js";
import { getGossipTopic, getReqRespProtocolId } from "./topics.js";

const DEFAULT_MAX_PEERS = 50;
const DEFAULT_PEER_CHECK_INTERVAL_MS = 1000;
const DEFAULT_BAN_DURATION_MS = 60_000;
const DEFAULT_BOOTSTRAP_INTERVAL_MS = 2000;
/** One bootstrap dial may take this long before the next round tries again. */
const BOOTSTRAP_DIAL_TIMEOUT_MS = 5000;
/** Gossip RPC frames up to this size are read off the wire (several messages may share one frame). */
const MIN_GOSSIP_FRAME_BYTES = 4 * 1024 * 1024;

interface Topic {
  spec: GossipTopicSpec;
  fullTopic: string;
  handlers: GossipHandler[];
}

/** Gossipsub's scores; the class has them, its exported interface does not. */
interface GossipSubScores {
  getScore(peerId: string): number;
}

interface NetworkParts {
  host: P2PHost;
  banList: BanList;
}

export class P2PNetwork {
  readonly peerId: string;
  readonly #opts: P2PNetworkOpts;
  readonly #modules: P2PNetworkModules;
  readonly #host: P2PHost;
  readonly #banList: BanList;
  readonly #topics = new Map<string, Topic>();
  readonly #topicsByFullName = new Map<string, Topic>();
  readonly #validation: GossipValidation;
  readonly #peerManager: PeerManager;
  readonly #bootstrap: BootstrapDialer;
  readonly #events = new TypedEmitter<P2PEvents>();
  readonly #registrations: Promise<void>[] = [];
  readonly #protocols = new Set<string>();
  #state: "created" | "started" | "stopped" = "created";

  /** Builds the libp2p node (not started); throws on a malformed bootstrap address. */
  static async create(opts: P2PNetworkOpts, modules: P2PNetworkModules): Promise<P2PNetwork> {
    for (const address of opts.bootstrap) parseBootstrapAddress(address); // fail before building anything
    const banList = new BanList();
    const topics = opts.topics.map((t) => getGossipTopic(opts.chainId, t.name));
    const largestTopic = Math.max(0, ...opts.topics.map((t) => t.maxBytes));
    const host = await createHost({
      privateKey: modules.privateKey,
      listen: opts.listen,
      announce: opts.announce,
      topics,
      // twice the largest topic, so that an oversize message reaches the validation adapter and costs its sender
      maxGossipBytes: Math.max(MIN_GOSSIP_FRAME_BYTES, 2 * largestTopic + 64 * 1024),
      maxConnections: opts.maxPeers ?? DEFAULT_MAX_PEERS,
      connectionGater: createConnectionGater(banList),
    });
    return new P2PNetwork(opts, modules, { host, banList });
  }

  private constructor(opts: P2PNetworkOpts, modules: P2PNetworkModules, parts: NetworkParts) {
    this.#opts = opts;
    this.#modules = modules;
    this.#host = parts.host;
    this.#banList = parts.banList;
    this.peerId = this.#host.peerId.toString();
    this.#validation = new GossipValidation({ logger: modules.logger, metrics: modules.metrics });
    this.#setUpTopics();
    this.#peerManager = this.#createPeerManager();
    this.#bootstrap = this.#createBootstrapDialer();
    this.#host.addEventListener("peer:connect", this.#onPeerConnect);
    this.#host.addEventListener("peer:disconnect", this.#onPeerDisconnect);
    this.#host.services.pubsub.addEventListener("gossipsub:message", this.#onGossipMessage);
  }

  #setUpTopics(): void {
    for (const spec of this.#opts.topics) {
      const topic: Topic = { spec, fullTopic: getGossipTopic(this.#opts.chainId, spec.name), handlers: [] };
      this.#topics.set(spec.name, topic);
      this.#topicsByFullName.set(topic.fullTopic, topic);
      this.#host.services.pubsub.topicValidators.set(topic.fullTopic, this.#validation.createTopicValidator(spec));
    }
  }

  #createPeerManager(): PeerManager {
    const opts = {
      disconnectThreshold: DISCONNECT_SCORE_THRESHOLD,
      checkIntervalMs: this.#opts.peerCheckIntervalMs ?? DEFAULT_PEER_CHECK_INTERVAL_MS,
      banDurationMs: this.#opts.banDurationMs ?? DEFAULT_BAN_DURATION_MS,
    };
    return new PeerManager(opts, {
      banList: this.#banList,
      getPeers: () => this.#host.getPeers().map((p) => p.toString()),
      getScore: (peerId) => this.#getScore(peerId),
      hangUp: (peerId) => this.#host.hangUp(peerIdFromString(peerId)),
      logger: this.#modules.logger,
      metrics: this.#modules.metrics,
    });
  }

  #createBootstrapDialer(): BootstrapDialer {
    const opts = {
      addresses: this.#opts.bootstrap,
      intervalMs: this.#opts.bootstrapIntervalMs ?? DEFAULT_BOOTSTRAP_INTERVAL_MS,
      dialTimeoutMs: BOOTSTRAP_DIAL_TIMEOUT_MS,
    };
    return new BootstrapDialer(opts, {
      selfPeerId: this.peerId,
      isConnected: (peerId) => this.#host.getPeers().some((p) => p.toString() === peerId),
      isBanned: (peerId) => this.#banList.isBanned(peerId),
      dial: (address, signal) => this.#host.dial(address, { signal }),
      logger: this.#modules.logger,
    });
  }

  /** Starts listening, subscribes to the topics, then dials the bootstrap peers in the background. */
  async start(): Promise<void> {
    if (this.#state !== "created") return;
    this.#state = "started";
    await this.#host.start();
    for (const topic of this.#topics.values()) this.#host.services.pubsub.subscribe(topic.fullTopic);
    await Promise.all(this.#registrations);
    this.#peerManager.start();
    this.#bootstrap.start();
    this.#modules.logger.info("P2P network started", { peerId: this.peerId, addresses: this.getMultiaddrs() });
  }

  /** Stops timers, closes all connections and listeners. Safe to call more than once. */
  async stop(): Promise<void> {
    if (this.#state === "stopped") return;
    const wasStarted = this.#state === "started";
    this.#state = "stopped";
    this.#peerManager.stop();
    this.#bootstrap.stop();
    if (wasStarted) await this.#host.stop();
    this.#host.removeEventListener("peer:connect", this.#onPeerConnect);
    this.#host.removeEventListener("peer:disconnect", this.#onPeerDisconnect);
    this.#host.services.pubsub.removeEventListener("gossipsub:message", this.#onGossipMessage);
    this.#events.removeAll();
    this.#modules.metrics?.peers.set(0);
  }

  /** The addresses peers can dial, each ending in /p2p/<peerId> (announce addresses when set). */
  getMultiaddrs(): string[] {
    return this.#host.getMultiaddrs().map((ma) => ma.toString());
  }

  /** Sets the validator of a topic; until one is set, its messages are ignored. */
  setValidator(topicName: string, validator: GossipValidator): void {
    this.#getTopic(topicName);
    this.#validation.setValidator(topicName, validator);
  }

  /** Adds a handler for the accepted messages of a topic. */
  onMessage(topicName: string, handler: GossipHandler): void {
    this.#getTopic(topicName).handlers.push(handler);
  }

  /** Publishes to a topic; resolves even when no peer listens. Throws for an unknown topic or an oversize message. */
  async publish(topicName: string, data: Uint8Array): Promise<void> {
    const topic = this.#getTopic(topicName);
    if (data.length > topic.spec.maxBytes) {
      throw createP2PError(
        { code: "P2P_GOSSIP_TOO_LARGE", topic: topicName, bytes: data.length, maxBytes: topic.spec.maxBytes },
        `gossip message on ${topicName} is ${data.length} bytes, above the topic's ${topic.spec.maxBytes}`,
      );
    }
    if (this.#state !== "started") throw createP2PError({ code: "P2P_NOT_STARTED" }, "the p2p network is not started");
    await this.#host.services.pubsub.publish(topic.fullTopic, data);
    this.#modules.metrics?.gossipPublished.inc({ topic: topicName });
  }

  /** Serves `/eigenchain/<chainId>/<protocol>/1`; the handler's items are sent within `limits`. */
  handleRequest(protocol: string, handler: RequestHandler, limits?: Partial<ReqRespLimits>): void {
    if (this.#protocols.has(protocol)) {
      throw createP2PError({ code: "P2P_DUPLICATE_HANDLER", protocol }, `req/resp protocol ${protocol} already has a handler`);
    }
    this.#protocols.add(protocol);
    const streamHandler = createRequestStreamHandler(
      { protocol, limits: resolveLimits(limits) },
      { handler, logger: this.#modules.logger, metrics: this.#modules.metrics },
    );
    const registration = this.#host.handle(getReqRespProtocolId(this.#opts.chainId, protocol), streamHandler).catch((err: unknown) => {
      this.#modules.logger.error("Could not register req/resp handler", { protocol }, err);
    });
    this.#registrations.push(registration);
  }

  /** Sends a request and resolves to the response items; rejects with a P2P_REQRESP_* error. */
  async request(peer: string, protocol: string, request: Uint8Array, opts: RequestOpts = {}): Promise<Uint8Array[]> {
    if (this.#state !== "started") throw createP2PError({ code: "P2P_NOT_STARTED" }, "the p2p network is not started");
    return sendRequest(
      request,
      {
        protocol,
        protocolId: getReqRespProtocolId(this.#opts.chainId, protocol),
        peer: parsePeerId(peer),
        limits: resolveLimits(opts.limits),
        timeoutMs: opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      },
      {
        dialProtocol: (peerId, protocolId, options) => this.#host.dialProtocol(peerId, protocolId, options),
        logger: this.#modules.logger,
        metrics: this.#modules.metrics,
      },
    );
  }

  /**
   * Refuses these peers in both directions, and hangs up those connected, until the next call replaces
   * the list (an empty list heals). For operators' deny lists and for tests that cut the network.
   */
  async setBlockedPeers(peerIds: readonly string[]): Promise<void> {
    this.#banList.setBlocked(peerIds);
    for (const peerId of this.#host.getPeers()) {
      if (this.#banList.isBanned(peerId.toString())) await this.#host.hangUp(peerId).catch(() => undefined);
    }
  }

  /** Connected peers subscribed to a topic (those a publish reaches directly). */
  getTopicPeers(topicName: string): string[] {
    const topic = this.#getTopic(topicName);
    return this.#host.services.pubsub.getSubscribers(topic.fullTopic).map((p) => p.toString());
  }

  getPeers(): PeerInfo[] {
    return this.#host.getPeers().map((peerId) => ({
      peerId: peerId.toString(),
      score: this.#getScore(peerId.toString()),
      addresses: this.#host.getConnections(peerId).map((c) => c.remoteAddr.toString()),
    }));
  }

  get peerCount(): number {
    return this.#host.getPeers().length;
  }

  on<K extends keyof P2PEvents>(event: K, listener: P2PEvents[K]): void {
    this.#events.on(event, listener);
  }

  off<K extends keyof P2PEvents>(event: K, listener: P2PEvents[K]): void {
    this.#events.off(event, listener);
  }

  #getTopic(topicName: string): Topic {
    const topic = this.#topics.get(topicName);
    if (topic === undefined) throw createP2PError({ code: "P2P_UNKNOWN_TOPIC", topic: topicName }, `unknown gossip topic ${topicName}`);
    return topic;
  }

  #getScore(peerId: string): number {
    const scores = this.#host.services.pubsub as unknown as Partial<GossipSubScores>;
    return typeof scores.getScore === "function" ? scores.getScore(peerId) : 0;
  }

  readonly #onPeerConnect = (event: CustomEvent<PeerId>): void => {
    this.#modules.metrics?.peers.set(this.peerCount);
    this.#emit("peer:connect", event.detail.toString());
  };

  readonly #onPeerDisconnect = (event: CustomEvent<PeerId>): void => {
    const peerId = event.detail.toString();
    this.#modules.metrics?.peers.set(this.peerCount);
    this.#modules.metrics?.onDisconnect(this.#peerManager.takeLowScoreDisconnect(peerId) ? "low_score" : "closed");
    this.#emit("peer:disconnect", peerId);
  };

  readonly #onGossipMessage = (event: CustomEvent<GossipsubMessage>): void => {
    const { msg, propagationSource } = event.detail;
    const topic = this.#topicsByFullName.get(msg.topic);
    if (topic === undefined) return;
    for (const handler of topic.handlers) {
      try {
        handler(msg.data, propagationSource.toString());
      } catch (err) {
        this.#modules.logger.warn("Gossip handler threw", { topic: topic.spec.name }, err);
      }
    }
  };

  #emit(event: keyof P2PEvents, peerId: string): void {
    for (const err of this.#events.emit(event, peerId)) this.#modules.logger.warn("Peer event listener threw", { event }, err);
  }
}

function parsePeerId(peer: string): PeerId {
  try {
    return peerIdFromString(peer);
  } catch (err) {
    throw createP2PError({ code: "P2P_INVALID_PEER_ID", peer }, `invalid peer id ${peer}`, err);
  }
}
