// Runs a node from parsed CLI options until SIGINT/SIGTERM: its logger, metrics server and EigenNode options.
import { DEFAULT_TIMEOUTS } from "@eigenchain/consensus";
import { createNodeError } from "../errors.js";
import type { ComponentLevels, Logger } from "../logger.js";
import { createLogger, parseComponentLevels } from "../logger.js";
import type { EigenNodeOpts } from "../node.js";
import { DEFAULT_METRICS_HOST, DEFAULT_METRICS_PORT, DEFAULT_RPC_OPTS, EigenNode } from "../node.js";
import { warmUpJit } from "../warmUp/jitWarmUp.js";
import { DEVNET_ACCOUNTS } from "./devnetAccounts.js";
import type { NetworkCliOptions } from "./networkOptions.js";
import type { NodeCliOptions } from "./nodeOptions.js";
import { getRpcOpts } from "./rpcOptions.js";

export function createCliLogger(options: Pick<NodeCliOptions, "log.level" | "log.format" | "log.component">): Logger {
  const text = options["log.component"];
  let components: ComponentLevels = {};
  try {
    components = text === undefined ? {} : parseComponentLevels(text);
  } catch (err) {
    throw createNodeError({ code: "NODE_CONFIG_INVALID", option: "log.component" }, `--log.component: ${(err as Error).message}`, err);
  }
  return createLogger({ level: options["log.level"], format: options["log.format"], components });
}

/** The metrics server's address: on when --metrics, --metrics.addr or --metrics.port is given (geth's defaults otherwise). */
export function getMetricsServerOpts(options: Pick<NodeCliOptions, "metrics" | "metrics.addr" | "metrics.port">): EigenNodeOpts["metrics"] {
  const enabled = options.metrics === true || options["metrics.addr"] !== undefined || options["metrics.port"] !== undefined;
  return enabled
    ? { host: options["metrics.addr"] ?? DEFAULT_METRICS_HOST, port: options["metrics.port"] ?? DEFAULT_METRICS_PORT }
    : undefined;
}

/** The node's consensus and p2p options from the network flags (absent for `devnet`'s supervisor). */
function getBftOpts(options: Partial<NetworkCliOptions>): NonNullable<EigenNodeOpts["bft"]> {
  const p2p =
    options.p2p === false
      ? null
      : { listen: options["p2p.listen"] ?? [], announce: options["p2p.announce"] ?? [], bootstrap: options.bootnodes ?? [] };
  const proposeMs = options["consensus.timeoutPropose"];
  return {
    p2p,
    ...(options["validator.key"] === undefined ? {} : { validatorKeyPath: options["validator.key"] }),
    ...(proposeMs === undefined ? {} : { timeouts: { ...DEFAULT_TIMEOUTS, proposeMs } }),
    ...(options["unsafe.corruptStateRoot"] === true ? { corruptStateRoot: true } : {}),
    ...(options["unsafe.equivocate"] === true ? { equivocate: true } : {}),
    ...(options["unsafe.doublePropose"] === true ? { doublePropose: true } : {}),
  };
}

/**
 * Starts a node with CLI options (after its JIT warm-up unless --warmup.transfers 0) and keeps it
 * running until SIGINT/SIGTERM, then shuts it down gracefully (the block in progress is finished,
 * the database closed). The same signal a second time exits at once.
 */
export async function runNode(
  options: NodeCliOptions & Partial<NetworkCliOptions> & { mining?: boolean },
  chain: { datadir: string; genesisText?: string },
  logger: Logger,
  onStarted?: (node: EigenNode) => void,
): Promise<void> {
  const metrics = getMetricsServerOpts(options);
  const executor: EigenNodeOpts["executor"] = {
    kind: options.executor,
    ...(options["executor.workers"] === undefined ? {} : { workers: options["executor.workers"] }),
  };
  const warmUpTransfers = options["warmup.transfers"];
  const beforeServing =
    warmUpTransfers > 0 ? () => warmUpJit({ transfers: warmUpTransfers, executor, txRecovery: options["tx.recovery"] }, logger) : undefined;
  const node = new EigenNode(
    {
      datadir: chain.datadir,
      ...(chain.genesisText === undefined ? {} : { genesisText: chain.genesisText }),
      rpc: {
        ...DEFAULT_RPC_OPTS,
        host: options["rpc.addr"],
        port: options["rpc.port"],
        ...getRpcOpts(options),
        maxBodyBytes: options["rpc.bodylimit"],
      },
      ...(metrics === undefined ? {} : { metrics }),
      blockTimeMs: options.blockTime,
      allowEmptyBlocks: options.allowEmptyBlocks,
      ...(options.mining === false ? { mining: false } : {}),
      txRecovery: options["tx.recovery"],
      allowParallelConfig: options["parallel.allowConfig"],
      enableAdminRpc: options["rpc.admin"],
      ...(options["dev.unlocked"] === true ? { unlockedAccounts: DEVNET_ACCOUNTS } : {}),
      executor,
      bft: getBftOpts(options),
    },
    { logger, ...(beforeServing === undefined ? {} : { beforeServing }) },
  );
  try {
    await node.start();
  } catch (err) {
    await node.stop();
    throw err;
  }
  onStarted?.(node);
  // Last line of defence for invariant 4 (bad input never takes the node down): log, keep serving.
  process.on("unhandledRejection", (reason) => logger.error("Unhandled promise rejection", {}, reason));
  await new Promise<void>((resolve) => {
    let first: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals): void => {
      // Only the same signal again forces an exit (Ctrl-C twice, `kill` twice). A terminal's Ctrl-C
      // reaches a whole process group, so `pnpm devnet`'s nodes get SIGINT and then their
      // supervisor's SIGTERM for the same stop: that must not cut their clean shutdown short.
      if (first === signal) {
        logger.warn("Second signal, exiting without cleanup", { signal });
        process.exit(130);
      }
      if (first !== undefined) {
        logger.info("Already shutting down", { signal });
        return;
      }
      first = signal;
      logger.info("Shutting down", { signal });
      node.stop().then(resolve, resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
