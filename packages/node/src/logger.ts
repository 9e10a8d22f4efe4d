// The node's structured logger (pino): static messages with context, levels, child loggers.
import { Writable } from "node:stream";
import type { Logger as PinoLogger } from "pino";
import { pino } from "pino";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
export type LogFormat = "json" | "pretty";
export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

export type LogContext = Record<string, unknown>;

/** Static message, structured context, optional error: `logger.info("Block produced", {number, txs})`. */
export interface Logger {
  trace(message: string, context?: LogContext, err?: unknown): void;
  debug(message: string, context?: LogContext, err?: unknown): void;
  info(message: string, context?: LogContext, err?: unknown): void;
  warn(message: string, context?: LogContext, err?: unknown): void;
  error(message: string, context?: LogContext, err?: unknown): void;
  child(context: LogContext): Logger;
}

export interface LoggerOpts {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stderr by default so stdout stays for command output. */
  destination?: NodeJS.WritableStream;
}

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO ",
  40: "WARN ",
  50: "ERROR",
  60: "FATAL",
};
const PRETTY_OMITTED_KEYS = new Set(["level", "time", "msg", "pid", "hostname"]);

function formatPrettyValue(value: unknown): string {
  if (typeof value === "string") return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** Turns pino's JSON lines into `INFO  [12:00:00.000] Block produced number=3 txs=1` (geth-like). */
function createPrettyStream(destination: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.length === 0) continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          destination.write(`${line}\n`);
          continue;
        }
        const time = new Date(typeof record.time === "number" ? record.time : Date.now()).toISOString().slice(11, 23);
        const level = LEVEL_NAMES[record.level as number] ?? String(record.level);
        const fields = Object.entries(record)
          .filter(([key]) => !PRETTY_OMITTED_KEYS.has(key))
          .map(([key, value]) => `${key}=${formatPrettyValue(value)}`);
        destination.write(
          `${level} [${time}] ${String(record.msg ?? "")}${fields.length > 0 ? ` ${fields.join(" ")}` : ""}\n`,
        );
      }
      callback();
    },
  });
}

function wrapPino(base: PinoLogger): Logger {
  const log =
    (level: "trace" | "debug" | "info" | "warn" | "error") =>
    (message: string, context?: LogContext, err?: unknown): void => {
      if (!base.isLevelEnabled(level)) return;
      const fields: Record<string, unknown> = { ...context };
      if (err !== undefined) fields.err = err;
      base[level](fields, message);
    };
  return {
    trace: log("trace"),
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (context) => wrapPino(base.child(context)),
  };
}

export function createLogger(opts: LoggerOpts): Logger {
  const destination = opts.destination ?? process.stderr;
  const stream = opts.format === "pretty" ? createPrettyStream(destination) : destination;
  return wrapPino(pino({ level: opts.level, base: null }, stream));
}

/** A logger that drops everything (tests, library use). */
export function createNoopLogger(): Logger {
  const noop = (): void => {};
  const logger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  return logger;
}
