// The RPC flags (browser access and resource limits, named like geth's) and the node's RPC options from them.
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";
import type { EigenNodeOpts } from "../node.js";
import { DEFAULT_RPC_OPTS } from "../node.js";
import { parseNameList } from "../rpc/httpAccess.js";

/**
 * The RPC server's browser access and resource limits, named like geth's flags where geth has one
 * (`--rpc.corsdomain`, `--rpc.vhosts`, `--ws.origins`, `--rpc.gascap`, `--rpc.evmtimeout`,
 * `--rpc.batch-request-limit`, `--rpc.batch-response-max-size`).
 */
export interface RpcCliOptions {
  /** Absent: the command's default (none for `start`, every origin for `devnet`). */
  "rpc.corsdomain"?: string;
  "rpc.vhosts": string;
  /** Absent: the command's default (none for `start`, every origin for `devnet`). */
  "ws.origins"?: string;
  "rpc.gascap": number;
  "rpc.evmtimeout": number;
  "rpc.batchRequestLimit": number;
  "rpc.batchResponseMaxSize": number;
  "rpc.heavyConcurrency": number;
  "rpc.heavyQueue": number;
  "rpc.callWorkers": number;
  "ws.maxconnections": number;
  "ws.maxsubscriptions": number;
  "ws.sendbuffer": number;
}

function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function parsePositive(value: string): number {
  const n = parseNonNegativeInteger(value);
  if (n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

/** A duration as geth writes it ("5s", "500ms", "1m") or plain milliseconds; 0 is no limit. */
export function parseDurationMs(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError('expected a duration such as "5s", "500ms" or milliseconds');
  const amount = Number(match[1]);
  const unit = match[2] ?? "ms";
  const ms = unit === "m" ? amount * 60_000 : unit === "s" ? amount * 1000 : amount;
  if (!Number.isFinite(ms) || ms > 2_147_483_647) throw new InvalidArgumentError("duration out of range");
  return Math.round(ms);
}

const DEFAULTS = DEFAULT_RPC_OPTS;

export function addRpcOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--rpc.corsdomain <origins>",
        "comma-separated origins browsers may call the RPC from, or '*' (default: none; devnet: '*')",
      ),
    )
    .addOption(
      new Option(
        "--rpc.vhosts <hosts>",
        "comma-separated Host header names the HTTP RPC accepts, or '*' (IP addresses are always accepted)",
      ).default(DEFAULTS.access.vhosts.join(",")),
    )
    .addOption(
      new Option(
        "--ws.origins <origins>",
        "comma-separated browser origins allowed to open a WebSocket, or '*' (default: none; devnet: '*')",
      ),
    )
    .addOption(
      new Option("--rpc.gascap <gas>", "gas cap of eth_call and eth_estimateGas (0: the block gas limit)")
        .default(Number(DEFAULTS.gasCap))
        .argParser(parseNonNegativeInteger),
    )
    .addOption(
      new Option("--rpc.evmtimeout <duration>", "time limit of one eth_call or eth_estimateGas (0: none)")
        .default(DEFAULTS.evmTimeoutMs, "5s")
        .argParser(parseDurationMs),
    )
    .addOption(
      new Option("--rpc.batch-request-limit <n>", "most requests in one JSON-RPC batch")
        .default(DEFAULTS.maxBatchSize)
        .argParser(parsePositive),
    )
    .addOption(
      new Option("--rpc.batch-response-max-size <bytes>", "most bytes of one batch's answers; later ones get -32003")
        .default(DEFAULTS.maxBatchResponseBytes)
        .argParser(parsePositive),
    )
    .addOption(
      new Option("--rpc.heavy-concurrency <n>", "heavy requests (eth_call, eth_estimateGas, eth_getLogs, dry runs) running at once")
        .default(DEFAULTS.heavyQueue.concurrency)
        .argParser(parsePositive),
    )
    .addOption(
      new Option("--rpc.heavy-queue <n>", "heavy requests waiting at most; more are refused as busy (-32005)")
        .default(DEFAULTS.heavyQueue.maxQueued)
        .argParser(parseNonNegativeInteger),
    )
    .addOption(
      new Option("--rpc.call-workers <n>", "worker threads that execute eth_call and eth_estimateGas (0: main thread)")
        .default(DEFAULTS.callWorkers)
        .argParser(parseNonNegativeInteger),
    )
    .addOption(
      new Option("--ws.maxconnections <n>", "open WebSocket connections at most")
        .default(DEFAULTS.ws.maxConnections)
        .argParser(parsePositive),
    )
    .addOption(
      new Option("--ws.maxsubscriptions <n>", "eth_subscribe subscriptions per WebSocket connection")
        .default(DEFAULTS.ws.maxSubscriptions)
        .argParser(parsePositive),
    )
    .addOption(
      new Option("--ws.sendbuffer <bytes>", "bytes queued for one WebSocket client before it is dropped as not reading (close code 1008)")
        .default(DEFAULTS.ws.sendBufferBytes)
        .argParser(parsePositive),
    );
}

/** The node's RPC options from the flags; `browserDefault` fills --rpc.corsdomain and --ws.origins when absent. */
export function getRpcOpts(options: RpcCliOptions, browserDefault = ""): Omit<EigenNodeOpts["rpc"], "host" | "port" | "maxBodyBytes"> {
  return {
    access: {
      corsDomains: parseNameList(options["rpc.corsdomain"] ?? browserDefault),
      vhosts: parseNameList(options["rpc.vhosts"]),
      wsOrigins: parseNameList(options["ws.origins"] ?? browserDefault),
    },
    maxBatchSize: options["rpc.batchRequestLimit"],
    maxBatchResponseBytes: options["rpc.batchResponseMaxSize"],
    gasCap: BigInt(options["rpc.gascap"] === 0 ? Number.MAX_SAFE_INTEGER : options["rpc.gascap"]),
    evmTimeoutMs: options["rpc.evmtimeout"],
    heavyQueue: { concurrency: options["rpc.heavyConcurrency"], maxQueued: options["rpc.heavyQueue"] },
    callWorkers: options["rpc.callWorkers"],
    ws: {
      maxConnections: options["ws.maxconnections"],
      maxSubscriptions: options["ws.maxsubscriptions"],
      sendBufferBytes: options["ws.sendbuffer"],
    },
  };
}
