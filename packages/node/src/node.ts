// EigenNode: the node's subsystems (stores, executor, mempool, consensus, p2p, RPC) wired together, started and stopped.
import { join } from "node:path";
import { hasForkSchedule } from "@eigenchain/chain";
import type { TimeoutConfig } from "@eigenchain/consensus";
import { createBlsBackend, createConsensusMetrics, decodeCommitCertificate } from "@eigenchain/consensus";
import type { BlockExecutor, CallRunner } from "@eigenchain/executor";
import {
  createCallRunner,
  createExecutorMetrics,
  createParallelExecutor,
  createSequentialExecutor,
  DEFAULT_CALL_TIMEOUT_MS,
} from "@eigenchain/executor";
import type { Mempool, ParallelPool } from "@eigenchain/mempool";
import { createMempoolMetrics, createParallelPool } from "@eigenchain/mempool";
import { createP2PMetrics } from "@eigenchain/p2p";
import { bytesToHex } from "@ethereumjs/util";
import { collectDefaultMetrics, Registry } from "prom-client";
import { BlockBuilder, CODE_GAS_PER_BLOCK } from "./chain/blockBuilder.js";
import { chooseBlockExecutorWorkers } from "./chain/blockExecutorWorkers.js";
import { BlockImporter } from "./chain/blockImporter.js";
import { ChainEvents } from "./chain/chainEvents.js";
import { ChainWriter } from "./chain/chainWriter.js";
import { createHeadStateReader } from "./chain/headStateReader.js";
import type { OpenedChain } from "./chain/openChain.js";
import { openChain } from "./chain/openChain.js";
import { RecentBlockHashes } from "./chain/recentBlockHashes.js";
import type { BftServices, P2POpts } from "./consensus/bftServices.js";
import { createBftServices, getValidatorSetHash } from "./consensus/bftServices.js";
import { createGenesisValidatorSet } from "./consensus/validators.js";
import { DASHBOARD_PATH, DashboardAssets } from "./dashboard/dashboardAssets.js";
import { DEFAULT_EXECUTION_HISTORY_BLOCKS, ExecutionHistory } from "./dashboard/executionHistory.js";
import type { Logger } from "./logger.js";
import type { NodeMetrics } from "./metrics.js";
import { createNodeMetrics } from "./metrics.js";
import type { BlockProducer } from "./producer/interface.js";
import { SoloBlockProducer } from "./producer/soloBlockProducer.js";
import { BatchDryRunner } from "./rpc/batchDryRun.js";
import type { RpcContext } from "./rpc/context.js";
import { DEFAULT_FILTER_MANAGER_OPTS, FilterManager } from "./rpc/filterManager.js";
import type { HeavyRequestQueueOpts } from "./rpc/heavyRequestQueue.js";
import { DEFAULT_HEAVY_QUEUE_OPTS, HeavyRequestQueue } from "./rpc/heavyRequestQueue.js";
import type { HttpAccessOpts } from "./rpc/httpAccess.js";
import { DEFAULT_HTTP_ACCESS } from "./rpc/httpAccess.js";
import { registerAdminMethods } from "./rpc/methods/admin.js";
import type { NetworkStatus } from "./rpc/networkStatus.js";
import { DEV_CHAIN_STATUS } from "./rpc/networkStatus.js";
import { registerRpcMethods } from "./rpc/registerRpcMethods.js";
import { DEFAULT_MAX_BATCH_RESPONSE_BYTES, RpcDispatcher } from "./rpc/rpcDispatcher.js";
import { RpcServer } from "./rpc/rpcServer.js";
import { SubscriptionManager } from "./rpc/subscriptionManager.js";
import { UnlockedAccounts } from "./rpc/unlockedAccounts.js";
import type { WsLimits } from "./rpc/wsChannel.js";
import { DEFAULT_WS_LIMITS } from "./rpc/wsChannel.js";
import { CLIENT_VERSION } from "./version.js";

export interface EigenNodeOpts {
  datadir: string;
  /** Genesis file text: initializes an empty datadir; must match an initialized one. */
  genesisText?: string;
  rpc: {
    host: string;
    port: number;
    maxBodyBytes: number;
    /** Browser access: --rpc.corsdomain, --rpc.vhosts, --ws.origins (geth's defaults: closed). */
    access: HttpAccessOpts;
    maxBatchSize: number;
    /** --rpc.batch-response-max-size: bytes of one batch's answers. */
    maxBatchResponseBytes: number;
    gasCap: bigint;
    /** --rpc.evmtimeout: wall-clock limit of one eth_call / eth_estimateGas (0: none). */
    evmTimeoutMs: number;
    /** Heavy requests (calls, estimates, log queries, dry runs) at once, and waiting before "busy". */
    heavyQueue: HeavyRequestQueueOpts;
    /** Worker threads that execute eth_call / eth_estimateGas (0: on the main thread). */
    callWorkers: number;
    /** WebSocket connection cap, per-connection send buffer and subscription cap. */
    ws: WsLimits;
  };
  /** Serve /metrics on a server of its own too (`--metrics`; it is always on the RPC port). */
  metrics?: { host: string; port: number };
  blockTimeMs: number;
  allowEmptyBlocks: boolean;
  /**
   * False: a chain without validators is served as it is and extended by nobody (`--no-mining`, as
   * geth without `--mine`). A chain from a geth genesis (a fork schedule) is never mined here.
   */
  mining?: boolean;
  /** Where sender recovery runs in the mempool. */
  txRecovery: "main" | "worker" | "auto";
  /** Enables the parallel_ RPC methods that change behaviour (parallel_setBatchSize); default off. */
  allowParallelConfig?: boolean;
  /** Serves the admin_ namespace (node info, peer blocking); off by default, like geth's. */
  enableAdminRpc?: boolean;
  /**
   * Accounts whose keys the node holds and signs with (eth_accounts, eth_sendTransaction, eth_sign,
   * personal_sign, eth_signTypedData_v4): the devnet's public test accounts, never on a real network.
   */
  unlockedAccounts?: readonly { address: string; privateKey: string }[];
  /**
   * Node.js process metrics (event-loop delay, GC, memory) in /metrics; default on. prom-client's
   * collectors stay installed for the life of the process, so a throwaway in-process node (the
   * start-up warm-up) turns them off rather than leave a second set running.
   */
  processMetrics?: boolean;
  /** Which block executor runs blocks; the parallel one by default (results identical to sequential). */
  executor: { kind: "parallel" | "sequential"; workers?: number };
  /**
   * Consensus and networking of a chain whose genesis names validators. A genesis without validators
   * is a development chain: this node alone produces its blocks every `blockTimeMs` (like geth --dev).
   */
  bft?: {
    /** Default `<datadir>/validator_key.json` when it exists; without a key the node is a full node. */
    validatorKeyPath?: string;
    /** Null runs without networking. */
    p2p: P2POpts | null;
    timeouts?: TimeoutConfig;
    /** TEST ONLY: propose blocks with a corrupted state root. */
    corruptStateRoot?: boolean;
    /** TEST ONLY: sign a conflicting vote beside every vote. */
    equivocate?: boolean;
    /** TEST ONLY: sign a second, different proposal beside every own proposal. */
    doublePropose?: boolean;
  };
}

export interface EigenNodeModules {
  logger: Logger;
  /**
   * Runs once the datadir is open and checked, before anything is served (the CLI's start-up JIT
   * warm-up): a broken config fails first, and no request or peer meets the node until it is done.
   */
  beforeServing?: () => Promise<void>;
}

/** geth's metrics server defaults: loopback only, port 6060. */
export const DEFAULT_METRICS_HOST = "127.0.0.1";
export const DEFAULT_METRICS_PORT = 6060;

export const DEFAULT_RPC_OPTS: EigenNodeOpts["rpc"] = {
  host: "127.0.0.1",
  port: 8545,
  maxBodyBytes: 5 * 1024 * 1024,
  access: DEFAULT_HTTP_ACCESS,
  maxBatchSize: 1000,
  maxBatchResponseBytes: DEFAULT_MAX_BATCH_RESPONSE_BYTES,
  gasCap: 50_000_000n,
  evmTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
  heavyQueue: DEFAULT_HEAVY_QUEUE_OPTS,
  callWorkers: 1,
  ws: DEFAULT_WS_LIMITS,
};

/**
 * One running node: stores, executor, mempool, block producer and RPC wired together. `start`
 * opens the datadir and begins serving; `stop` undoes it in reverse, leaving the datadir closed.
 */
export class EigenNode {
  readonly metricsRegister = new Registry();
  private readonly events = new ChainEvents();
  private chain: OpenedChain | undefined;
  private executor: BlockExecutor | undefined;
  private mempool: Mempool | undefined;
  private producer: BlockProducer | undefined;
  private bft: BftServices | undefined;
  private filters: FilterManager | undefined;
  private subscriptions: SubscriptionManager | undefined;
  private batchDryRun: BatchDryRunner | undefined;
  private calls: CallRunner | undefined;
  private executions: ExecutionHistory | undefined;
  private rpcServer: RpcServer | undefined;
  private metricsServer: RpcServer | undefined;
  private rpcAddress: { host: string; port: number } | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly opts: EigenNodeOpts,
    private readonly modules: EigenNodeModules,
  ) {}

  get chainId(): bigint {
    return this.requireChain().genesis.chainId;
  }

  get address(): { host: string; port: number } {
    if (this.rpcAddress === undefined) throw new Error("node is not started");
    return this.rpcAddress;
  }

  async start(): Promise<void> {
    const { logger } = this.modules;
    if (this.opts.processMetrics !== false) collectDefaultMetrics({ register: this.metricsRegister });
    const metrics = createNodeMetrics(this.metricsRegister);
    const chain = await openChain({
      datadir: this.opts.datadir,
      ...(this.opts.genesisText === undefined ? {} : { genesisText: this.opts.genesisText }),
    });
    this.chain = chain;
    const { common, store, stateStore, head } = chain;
    metrics.blockHeight.set(Number(head.header.number));
    logger.info(chain.initialized ? "Initialized chain from genesis" : "Loaded chain", {
      chainId: Number(chain.genesis.chainId),
      head: Number(head.header.number),
      hash: bytesToHex(head.hash()),
    });
    await this.modules.beforeServing?.();

    const executorModules = { stateStore, common, metrics: createExecutorMetrics(this.metricsRegister) };
    // A geth-format chain's Common changes rules by height and carries a KZG the workers lack: sequential.
    const parallel = this.opts.executor.kind === "parallel" && !hasForkSchedule(common);
    const workers = this.opts.executor.workers ?? chooseBlockExecutorWorkers();
    this.executor = parallel ? createParallelExecutor({ workers }, executorModules) : createSequentialExecutor({}, executorModules);
    // Workers load while the node starts, not inside its first large block (a stall of seconds).
    this.executor.warmUp?.();
    logger.info("Block executor ready", parallel ? { kind: "parallel", workers } : { kind: "sequential" });
    const pool = createParallelPool(
      {
        blockGasLimit: head.header.gasLimit,
        codeGasLimit: CODE_GAS_PER_BLOCK,
        baseFeePerGas: head.header.calcNextBaseFee(),
        journalPath: join(this.opts.datadir, "txpool.journal"),
        recovery: this.opts.txRecovery,
      },
      { common, state: createHeadStateReader(store, stateStore), metrics: createMempoolMetrics(this.metricsRegister) },
    );
    this.mempool = pool;
    logger.info("Transaction pool ready", { recovery: pool.recovery.mode, curve: pool.recovery.backend });
    const journal = await pool.start();
    if (journal.loaded + journal.dropped > 0) logger.info("Loaded transaction journal", { ...journal });

    this.executions = new ExecutionHistory({ capacity: DEFAULT_EXECUTION_HISTORY_BLOCKS }, { events: this.events });
    const chainWriter = new ChainWriter({ store, stateStore, mempool: pool, events: this.events, logger, metrics });
    const networkStatus = await this.createBlockProduction(chain, pool, chainWriter, metrics);

    await this.startRpc(chain, pool, networkStatus, metrics);
    await this.startBlockProduction();
  }

  /** JSON-RPC over HTTP and WebSocket (and /metrics on its own port when asked). */
  private async startRpc(chain: OpenedChain, pool: ParallelPool, networkStatus: NetworkStatus, metrics: NodeMetrics): Promise<void> {
    const { logger } = this.modules;
    const { common, store, stateStore } = chain;
    this.filters = new FilterManager(DEFAULT_FILTER_MANAGER_OPTS, { events: this.events });
    this.subscriptions = new SubscriptionManager(this.events, { maxPerConnection: this.opts.rpc.ws.maxSubscriptions });
    const rpcLogger = logger.child({ component: "rpc" });
    const dispatcher = new RpcDispatcher(
      { maxBatchSize: this.opts.rpc.maxBatchSize, maxBatchResponseBytes: this.opts.rpc.maxBatchResponseBytes },
      { logger: rpcLogger, metrics },
    );
    this.calls = createCallRunner({ workers: this.opts.rpc.callWorkers, timeoutMs: this.opts.rpc.evmTimeoutMs }, { stateStore, common });
    this.batchDryRun = new BatchDryRunner({}, { common, store, stateStore, coinbase: chain.genesis.coinbase });
    const ctx: RpcContext = {
      common,
      chainId: chain.genesis.chainId,
      clientVersion: CLIENT_VERSION,
      store,
      stateStore,
      executor: this.requireExecutor(),
      mempool: pool,
      events: this.events,
      filters: this.filters,
      logger: rpcLogger,
      limits: {
        gasCap: this.opts.rpc.gasCap,
        maxLogBlockRange: 10_000n,
        maxLogResults: 10_000,
        evmTimeoutMs: this.opts.rpc.evmTimeoutMs,
      },
      parallelPool: pool,
      batchDryRun: this.batchDryRun,
      allowParallelConfig: this.opts.allowParallelConfig ?? false,
      blockHashes: new RecentBlockHashes(store),
      network: networkStatus,
      ...(this.opts.unlockedAccounts !== undefined && this.opts.unlockedAccounts.length > 0
        ? { accounts: new UnlockedAccounts(this.opts.unlockedAccounts) }
        : {}),
      ...(this.executions === undefined ? {} : { executions: this.executions }),
      calls: this.calls,
      heavy: new HeavyRequestQueue(this.opts.rpc.heavyQueue, metrics),
    };
    registerRpcMethods(dispatcher, ctx, this.subscriptions);
    if (this.opts.enableAdminRpc === true) registerAdminMethods(dispatcher, ctx);
    const getHealth = () => ({
      status: "ok",
      chainId: Number(chain.genesis.chainId),
      blockNumber: Number(store.getHead().header.number),
    });
    this.rpcServer = new RpcServer(
      {
        host: this.opts.rpc.host,
        port: this.opts.rpc.port,
        maxBodyBytes: this.opts.rpc.maxBodyBytes,
        access: this.opts.rpc.access,
        ws: this.opts.rpc.ws,
      },
      { dispatcher, register: this.metricsRegister, getHealth, logger: rpcLogger, metrics, servePage: this.createDashboardRoute() },
    );
    this.rpcAddress = await this.rpcServer.listen();
    logger.info("JSON-RPC listening", {
      http: `http://${this.rpcAddress.host}:${this.rpcAddress.port}`,
      ws: `ws://${this.rpcAddress.host}:${this.rpcAddress.port}`,
      dashboard: `http://${this.rpcAddress.host}:${this.rpcAddress.port}${DASHBOARD_PATH}`,
    });
    if (this.opts.metrics !== undefined) await this.startMetricsServer(getHealth, rpcLogger);
  }

  /** The dashboard's page on the RPC port (docs/dashboard.md); a missing bundle is logged and answered with how to build it. */
  private createDashboardRoute(): DashboardAssets["handle"] {
    const assets = DashboardAssets.load();
    if (!assets.built)
      this.modules.logger.child({ component: "dashboard" }).warn("Dashboard not built: /dashboard/ says how to build it", {});
    return (path, res) => assets.handle(path, res);
  }

  private async startMetricsServer(getHealth: () => Record<string, unknown>, rpcLogger: Logger): Promise<void> {
    const { logger } = this.modules;
    if (this.opts.metrics !== undefined) {
      this.metricsServer = new RpcServer(
        {
          host: this.opts.metrics.host,
          port: this.opts.metrics.port,
          maxBodyBytes: 1024,
          access: this.opts.rpc.access,
        },
        {
          dispatcher: new RpcDispatcher({ maxBatchSize: 1 }, { logger: rpcLogger, metrics: null }),
          register: this.metricsRegister,
          getHealth,
          logger: rpcLogger,
          metrics: null,
        },
      );
      const metricsAddress = await this.metricsServer.listen();
      logger.info("Metrics listening", { url: `http://${metricsAddress.host}:${metricsAddress.port}/metrics` });
    }
  }

  private async startBlockProduction(): Promise<void> {
    const { logger } = this.modules;
    if (this.bft !== undefined) {
      await this.bft.start();
      logger.info("Consensus started", {
        validator: this.bft.key?.address ?? "none (full node)",
        p2p: this.bft.network?.getMultiaddrs() ?? [],
      });
    } else if (this.producer === undefined) {
      logger.info("Not producing blocks (--no-mining, or a chain from a geth genesis): serving the chain as it is");
    } else {
      this.producer.start();
      logger.info("Block production started (development chain: no validators in genesis)", {
        blockTimeMs: this.opts.blockTimeMs,
        allowEmptyBlocks: this.opts.allowEmptyBlocks,
      });
    }
  }

  /** BFT consensus with p2p and sync when the genesis names validators, the solo producer otherwise. */
  private async createBlockProduction(
    chain: OpenedChain,
    pool: Mempool,
    chainWriter: ChainWriter,
    metrics: NodeMetrics,
  ): Promise<NetworkStatus> {
    const { logger } = this.modules;
    const { common, store, stateStore, genesis } = chain;
    const executor = this.requireExecutor();
    const recentHashes = new RecentBlockHashes(store);
    const setHash = getValidatorSetHash(genesis);
    const builder = new BlockBuilder(
      { coinbase: genesis.coinbase, ...(setHash === null ? {} : { extraData: setHash }) },
      {
        common,
        executor,
        mempool: pool,
        recentHashes,
        logger: logger.child({ component: "builder" }),
        onBuilt: (stats, selection) => this.executions?.recordBuilt(stats, selection),
      },
    );
    const bls = createBlsBackend();
    const validatorSet = createGenesisValidatorSet(genesis, bls);
    if (validatorSet === null) {
      if (this.opts.mining === false || hasForkSchedule(common)) return DEV_CHAIN_STATUS;
      const solo = new SoloBlockProducer(
        // Instant mining makes blocks only for transactions: never an empty one.
        { blockTimeMs: this.opts.blockTimeMs, allowEmptyBlocks: this.opts.allowEmptyBlocks && this.opts.blockTimeMs > 0 },
        { store, builder, mempool: pool, chainWriter, logger: logger.child({ component: "producer" }), metrics },
      );
      this.events.on("pendingTransaction", () => solo.onPendingTransaction());
      this.producer = solo;
      return DEV_CHAIN_STATUS;
    }
    const reference = createSequentialExecutor({}, { stateStore, common });
    const importer = new BlockImporter(
      { validatorSetHash: setHash },
      { store, stateStore, executor, reference, recentHashes, logger: logger.child({ component: "importer" }), mempool: pool },
    );
    const bftOpts = this.opts.bft ?? { p2p: null };
    const bft = await createBftServices(
      {
        datadir: this.opts.datadir,
        blockTimeMs: this.opts.blockTimeMs,
        p2p: bftOpts.p2p,
        ...(bftOpts.validatorKeyPath === undefined ? {} : { validatorKeyPath: bftOpts.validatorKeyPath }),
        ...(bftOpts.timeouts === undefined ? {} : { timeouts: bftOpts.timeouts }),
        ...(bftOpts.corruptStateRoot === true ? { corruptStateRoot: true } : {}),
        ...(bftOpts.equivocate === true ? { equivocate: true } : {}),
        ...(bftOpts.doublePropose === true ? { doublePropose: true } : {}),
      },
      {
        genesis,
        common,
        validatorSet,
        bls,
        store,
        mempool: pool,
        builder,
        importer,
        chainWriter,
        events: this.events,
        logger,
        consensusMetrics: createConsensusMetrics(this.metricsRegister),
        p2pMetrics: createP2PMetrics(this.metricsRegister),
        nodeMetrics: metrics,
      },
    );
    this.bft = bft;
    return {
      getPeerCount: () => bft.network?.peerCount ?? 0,
      getSyncStatus: () => bft.sync?.getProgress() ?? null,
      getValidators: () => validatorSet.validators,
      getCertificate: async (n) => {
        const bytes = await store.getCertificate(n);
        return bytes === undefined ? undefined : decodeCommitCertificate(bytes, validatorSet.size);
      },
      getEvidence: () => bft.evidence.list(),
      getNodeInfo: () => ({
        peerId: bft.network?.peerId ?? null,
        addresses: bft.network?.getMultiaddrs() ?? [],
        validator: bft.key?.address ?? null,
      }),
      setBlockedPeers: async (peerIds) => bft.network?.setBlockedPeers(peerIds),
      getPeers: () => bft.network?.getPeers() ?? [],
    };
  }

  /** Stops producing (letting a block in progress finish), closes servers, pool, executor and the database. */
  stop(): Promise<void> {
    this.stopping ??= this.stopInOrder();
    return this.stopping;
  }

  private async stopInOrder(): Promise<void> {
    const { logger } = this.modules;
    const step = async (name: string, action: (() => Promise<void> | void) | undefined): Promise<void> => {
      if (action === undefined) return;
      try {
        await action();
      } catch (err) {
        logger.warn("Shutdown step failed", { step: name }, err);
      }
    };
    await step("producer", this.producer && (() => this.producer!.stop()));
    await step("consensus", this.bft && (() => this.bft!.close()));
    await step("rpc", this.rpcServer && (() => this.rpcServer!.close()));
    await step("metrics", this.metricsServer && (() => this.metricsServer!.close()));
    this.filters?.close();
    this.executions?.close();
    this.subscriptions?.close();
    await step("mempool", this.mempool && (() => this.mempool!.close()));
    await step("batchDryRun", this.batchDryRun && (() => this.batchDryRun!.close()));
    await step("calls", this.calls && (() => this.calls!.close()));
    await step("executor", this.executor && (() => this.executor!.close()));
    await step("state", this.chain && (() => this.chain!.stateStore.close()));
    await step("database", this.chain && (() => this.chain!.store.close()));
    logger.info("Node stopped", { head: this.chain?.store.describeHead()?.number });
  }

  private requireExecutor(): BlockExecutor {
    if (this.executor === undefined) throw new Error("node is not started");
    return this.executor;
  }

  private requireChain(): OpenedChain {
    if (this.chain === undefined) throw new Error("node is not started");
    return this.chain;
  }
}
