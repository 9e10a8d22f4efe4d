// The flags `start` and `devnet` share, named like geth's.
import type { Command } from "commander";
import { Option } from "commander";
import type { LogFormat, LogLevel } from "../logger.js";
import { LOG_COMPONENTS } from "../logger.js";
import { DEFAULT_JIT_WARM_UP_TRANSFERS } from "../warmUp/jitWarmUp.js";
import {
  parseExecutorKind,
  parseLogComponents,
  parseLogFormat,
  parseLogLevel,
  parseNonNegativeInteger,
  parsePort,
  parsePositiveInteger,
  parseRecovery,
} from "./parseOptions.js";
import type { RpcCliOptions } from "./rpcOptions.js";
import { addRpcOptions } from "./rpcOptions.js";

/** Options shared by `start` and `devnet`, named like geth's (`--rpc.addr`, `--log.level`, …). */
export interface NodeCliOptions extends RpcCliOptions {
  "rpc.addr": string;
  "rpc.port": number;
  "rpc.bodylimit": number;
  /** Serve /metrics on a server of its own (implied by --metrics.addr or --metrics.port). */
  metrics?: boolean;
  "metrics.addr"?: string;
  "metrics.port"?: number;
  blockTime: number;
  allowEmptyBlocks: boolean;
  "log.level": LogLevel;
  "log.format": LogFormat;
  /** `consensus=debug,p2p=warn`: checked when given as a flag, parsed (and checked again) when the logger is made. */
  "log.component"?: string;
  "tx.recovery": "main" | "worker" | "auto";
  "parallel.allowConfig": boolean;
  "rpc.admin": boolean;
  /** Unlock the public test accounts (eth_accounts, eth_sendTransaction, the eth_sign family); `devnet` sets it. */
  "dev.unlocked": boolean;
  executor: "parallel" | "sequential";
  "executor.workers"?: number;
  /** Transfers of the start-up JIT warm-up on a throwaway chain (0: none). */
  "warmup.transfers": number;
}

export function addNodeOptions(command: Command): Command {
  return (
    addRpcOptions(command)
      .addOption(new Option("--rpc.addr <host>", "HTTP and WebSocket JSON-RPC listening interface").default("127.0.0.1"))
      .addOption(
        new Option("--rpc.port <port>", "HTTP and WebSocket JSON-RPC listening port (0 picks a free one)")
          .default(8545)
          .argParser(parsePort),
      )
      .addOption(
        new Option("--rpc.bodylimit <bytes>", "largest JSON-RPC request body or WebSocket message; larger gets HTTP 413")
          .default(5 * 1024 * 1024)
          .argParser(parsePositiveInteger),
      )
      .addOption(
        new Option(
          "--metrics",
          "serve Prometheus metrics (GET /metrics) on a server of its own at --metrics.addr:--metrics.port; /metrics is also on the RPC port",
        ),
      )
      .addOption(new Option("--metrics.addr <host>", "metrics server listening interface (implies --metrics) (default: 127.0.0.1)"))
      .addOption(
        new Option("--metrics.port <port>", "metrics server listening port (implies --metrics) (default: 6060)").argParser(parsePort),
      )
      .addOption(
        new Option(
          "--block-time <ms>",
          "milliseconds between blocks (a BFT height's start to the next's); 0 on a one-node development chain mines each transaction at once",
        )
          .default(1000)
          .argParser(parseNonNegativeInteger),
      )
      // Empty blocks are produced by default (like geth --dev.period): clients that wait for "the next
      // block" (ethers' waitForDeployment, tx.wait) would otherwise stall on an idle chain.
      .addOption(new Option("--allow-empty-blocks", "produce a block every interval even with no transactions (default)").default(true))
      .addOption(new Option("--no-allow-empty-blocks", "skip blocks that would have no transactions (the chain only grows with traffic)"))
      .addOption(
        new Option("--log.level <level>", "log verbosity: trace, debug, info, warn, error, fatal, silent")
          .default("info")
          .argParser(parseLogLevel),
      )
      .addOption(new Option("--log.format <format>", "log format: pretty or json").default("pretty").argParser(parseLogFormat))
      .addOption(
        new Option(
          "--log.component <levels>",
          `levels of single components, comma-separated component=level (e.g. consensus=debug,p2p=warn); components: ${LOG_COMPONENTS.join(", ")}`,
        ).argParser(parseLogComponents),
      )
      .addOption(
        new Option(
          "--tx.recovery <where>",
          "where the mempool recovers transaction senders: worker (a thread), main, or auto (main on machines with at most 2 cores)",
        )
          .default("auto")
          .argParser(parseRecovery),
      )
      .addOption(
        new Option("--executor <kind>", "block executor: parallel (worker threads) or sequential (the reference)")
          .default("parallel")
          .argParser(parseExecutorKind),
      )
      .addOption(
        new Option(
          "--executor.workers <n>",
          "worker threads of the parallel executor; 1 runs its kernel on the main thread (default: cores - 1; 1 on a machine with at most 2 cores, where threads measured slower)",
        ).argParser(parsePositiveInteger),
      )
      .addOption(
        new Option(
          "--parallel.allow-config",
          "enable the parallel_ RPC methods that change node behaviour at run time (parallel_setBatchSize)",
        ).default(false),
      )
      .addOption(
        new Option("--rpc.admin", "serve the admin_ methods (admin_nodeInfo, admin_setBlockedPeers); keep RPC private when on").default(
          false,
        ),
      )
      .addOption(
        new Option(
          "--dev.unlocked",
          "unlock the ten public test accounts (test test … junk mnemonic) as anvil does: eth_accounts lists them and eth_sendTransaction, eth_sign, personal_sign and eth_signTypedData_v4 sign for them; on by default in `devnet`; their keys are public, never use on a real network",
        ).default(false),
      )
      .addOption(
        new Option(
          "--warmup.transfers <n>",
          "before serving, send this many transfers through the node's own RPC, pool and block production on a throwaway in-memory chain so that the first real requests run compiled code (about 1-3 s of start-up); 0 skips it",
        )
          .default(DEFAULT_JIT_WARM_UP_TRANSFERS)
          .argParser(parseNonNegativeInteger),
      )
  );
}
