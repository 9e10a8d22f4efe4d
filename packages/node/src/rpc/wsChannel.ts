// One WebSocket connection's push channel, closed when a client stops reading.
import type { WebSocket } from "ws";
import type { RpcPushChannel } from "./context.js";

export interface WsLimits {
  /** Open WebSocket connections at most; an upgrade beyond is answered 503. */
  maxConnections: number;
  /**
   * Bytes queued for one connection (ws's `bufferedAmount`) beyond which its client counts as not
   * reading: the connection is closed with 1008 and its subscriptions go with it.
   */
  sendBufferBytes: number;
  /** eth_subscribe subscriptions one connection may hold. */
  maxSubscriptions: number;
}

/**
 * 100 connections and 1,000 subscriptions each are far above what a wallet or an indexer opens;
 * 16 MiB holds many blocks' worth of notifications for a client that is merely slow, while a
 * client that stopped reading is dropped long before it costs the node real memory.
 */
export const DEFAULT_WS_LIMITS: WsLimits = { maxConnections: 100, sendBufferBytes: 16 * 1024 * 1024, maxSubscriptions: 1000 };

/** RFC 6455 "policy violation": the client broke the node's terms (here: it stopped reading). */
export const WS_CLOSE_SLOW_CONSUMER = 1008;
/** A closing handshake the client never reads is cut after this long. */
const CLOSE_GRACE_MS = 1000;

export interface WsChannelHooks {
  onClose(listener: () => void): void;
  onSlowConsumer(bufferedBytes: number): void;
}

/**
 * The push channel of one connection, with backpressure: once more than `sendBufferBytes` wait to
 * be sent, the connection is closed (code 1008) and every later message is dropped, so a client
 * that holds subscriptions and never reads cannot grow the node's memory.
 */
export function createWsPushChannel(ws: WebSocket, limits: WsLimits, hooks: WsChannelHooks): RpcPushChannel {
  let dropped = false;
  const drop = (): void => {
    dropped = true;
    hooks.onSlowConsumer(ws.bufferedAmount);
    ws.close(WS_CLOSE_SLOW_CONSUMER, "send buffer limit exceeded: client is not reading");
    // The close frame waits behind everything buffered; a client that does not read never gets it.
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  };
  return {
    send(message) {
      if (dropped || ws.readyState !== ws.OPEN) return;
      ws.send(message);
      if (ws.bufferedAmount > limits.sendBufferBytes) drop();
    },
    onClose: hooks.onClose,
  };
}
