// The node's structured logger (pino): static messages with context, a child logger and level per component.
import { Writable } from "node:stream";
import type { Logger as PinoLogger } from "pino";
import { pino } from "pino";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
export type LogFormat = "json" | "pretty";
export const LOG_LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

export type LogContext = Record<string, unknown>;

/**
 * The node's components, each logging through `logger.child({ component })`; `--log.component` sets a
 * level for any of them (e.g. `consensus=debug,p2p=warn`), `--log.level` is the level of the rest.
 */
export const LOG_COMPONENTS = ["rpc", "builder", "producer", "importer", "consensus", "evidence", "p2p", "sync", "dashboard"] as const;
export type LogComponent = (typeof LOG_COMPONENTS)[number];
export type ComponentLevels = Partial<Record<LogComponent, LogLevel>>;

/**
 * Field names whose values are never written, at any depth we log (defence in depth: no code logs a key
 * on purpose; a future `logger.debug("…", { key })` would print `[Redacted]`).
 */
const REDACTED_FIELDS = ["privateKey", "secretKey", "secret", "mnemonic", "password", "seed"];
const REDACT_PATHS = REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]);

/** Parses `consensus=debug,p2p=warn` (geth's --vmodule / CometBFT's log_level in one flag); throws a clear error. */
export function parseComponentLevels(text: string): ComponentLevels {
  const levels: ComponentLevels = {};
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const [name, level, extra] = entry.split("=").map((part) => part.trim());
    if (name === undefined || level === undefined || extra !== undefined || name === "" || level === "") {
      throw new Error(`"${entry}" is not component=level (e.g. consensus=debug,p2p=warn)`);
    }
    if (!(LOG_COMPONENTS as readonly string[]).includes(name)) {
      throw new Error(`unknown log component "${name}" (known: ${LOG_COMPONENTS.join(", ")})`);
    }
    if (!(LOG_LEVELS as readonly string[]).includes(level)) {
      throw new Error(`unknown log level "${level}" for ${name} (expected one of ${LOG_LEVELS.join(", ")})`);
    }
    levels[name as LogComponent] = level as LogLevel;
  }
  return levels;
}

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
  /** Level of every component not named in `components`. */
  level: LogLevel;
  format: LogFormat;
  /** Levels of single components: a `child({ component })` logger of a named component gets its own. */
  components?: ComponentLevels;
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
        destination.write(`${level} [${time}] ${String(record.msg ?? "")}${fields.length > 0 ? ` ${fields.join(" ")}` : ""}\n`);
      }
      callback();
    },
  });
}

function wrapPino(base: PinoLogger, components: ComponentLevels): Logger {
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
    child: (context) => {
      const level = typeof context.component === "string" ? components[context.component as LogComponent] : undefined;
      return wrapPino(level === undefined ? base.child(context) : base.child(context, { level }), components);
    },
  };
}

export function createLogger(opts: LoggerOpts): Logger {
  const destination = opts.destination ?? process.stderr;
  const stream = opts.format === "pretty" ? createPrettyStream(destination) : destination;
  return wrapPino(pino({ level: opts.level, base: null, redact: { paths: REDACT_PATHS } }, stream), opts.components ?? {});
}

/** A logger that drops everything (tests, library use). */
export function createNoopLogger(): Logger {
  const noop = (): void => {};
  const logger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, child: () => logger };
  return logger;
}
