// Public API of @eigenchain/node: curated named exports only (the CLI is the main entry point).
export { EigenNode, DEFAULT_RPC_OPTS } from "./node.js";
export type { EigenNodeModules, EigenNodeOpts } from "./node.js";
export { createNodeMetrics } from "./metrics.js";
export type { NodeMetrics } from "./metrics.js";
export { createLogger, createNoopLogger } from "./logger.js";
export type { LogFormat, LogLevel, Logger } from "./logger.js";
export type { BlockProducer } from "./producer/interface.js";
export { createNodeError } from "./errors.js";
export type { NodeError, NodeErrorCode, NodeErrorType } from "./errors.js";
export { CLIENT_VERSION, NODE_VERSION } from "./version.js";
