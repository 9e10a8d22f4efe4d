// Parsers of CLI flag values (ports, counts, log levels and formats) with commander's errors.
import { InvalidArgumentError } from "commander";
import type { LogFormat, LogLevel } from "../logger.js";
import { LOG_LEVELS, parseComponentLevels } from "../logger.js";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError("expected a TCP port (0-65535)");
  return port;
}

export function parsePositiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

export function parseNonNegativeInteger(value: string): number {
  if (value === "0") return 0;
  try {
    return parsePositiveInteger(value);
  } catch {
    // 0 is allowed here (--block-time 0, --warmup.transfers 0): "positive" would say it is not.
    throw new InvalidArgumentError("expected a non-negative integer (0 or more)");
  }
}

export function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(", ")}`);
  return value as LogLevel;
}

/** `--log.component consensus=debug,p2p=warn`: checked here, kept as text (config.json gives the same text). */
export function parseLogComponents(value: string): string {
  try {
    parseComponentLevels(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return value;
}

export function parseLogFormat(value: string): LogFormat {
  if (value !== "json" && value !== "pretty") throw new InvalidArgumentError("expected json or pretty");
  return value;
}

export function parseRecovery(value: string): "main" | "worker" | "auto" {
  if (value !== "main" && value !== "worker" && value !== "auto") throw new InvalidArgumentError("expected auto, main or worker");
  return value;
}

export function parseExecutorKind(value: string): "parallel" | "sequential" {
  if (value !== "parallel" && value !== "sequential") throw new InvalidArgumentError("expected parallel or sequential");
  return value;
}
