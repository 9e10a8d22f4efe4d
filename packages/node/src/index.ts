// Public API of @eigenchain/node: curated named exports only (the CLI is the main entry point).

export type { NodeError, NodeErrorCode, NodeErrorType } from "./errors.js";
export { createNodeError } from "./errors.js";
export type { LogFormat, Logger, LogLevel } from "./logger.js";
export { createLogger, createNoopLogger } from "./logger.js";
export type { NodeMetrics } from "./metrics.js";
export { createNodeMetrics } from "./metrics.js";
export type { EigenNodeModules, EigenNodeOpts } from "./node.js";
export { DEFAULT_RPC_OPTS, EigenNode } from "./node.js";
export type { BlockProducer } from "./producer/interface.js";
export { CLIENT_VERSION, NODE_VERSION } from "./version.js";
