// Test helpers: loopback networks, a recording logger and polling with a deadline.
import { generateKeyPair } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { type P2PLogger, type P2PMetrics, P2PNetwork, type P2PNetworkOpts } from "../../src/index.js";

export interface LogEntry {
  level: "trace" | "debug" | "info" | "warn" | "error";
  message: string;
  context: Record<string, unknown> | undefined;
  err: unknown;
}

/** A logger that records entries (and prints them when P2P_TEST_LOG is set). */
export function createRecordingLogger(name = ""): P2PLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry["level"]) => (message: string, context?: Record<string, unknown>, err?: unknown) => {
    entries.push({ level, message, context, err });
    if (process.env.P2P_TEST_LOG !== undefined) console.log(`[${name}] ${level} ${message}`, context ?? "", err ?? "");
  };
  return { entries, trace: log("trace"), debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}

export const TEST_CHAIN_ID = 4242n;

export type TestNetworkOpts = Partial<Omit<P2PNetworkOpts, "chainId">> & { name?: string; metrics?: P2PMetrics; privateKey?: PrivateKey };

/** A started network on 127.0.0.1 with a random port and key; the caller stops it. */
export async function startTestNetwork(
  opts: TestNetworkOpts = {},
): Promise<P2PNetwork & { logger: ReturnType<typeof createRecordingLogger> }> {
  const logger = createRecordingLogger(opts.name);
  const network = await P2PNetwork.create(
    {
      chainId: TEST_CHAIN_ID,
      listen: opts.listen ?? ["/ip4/127.0.0.1/tcp/0"],
      ...(opts.announce !== undefined ? { announce: opts.announce } : {}),
      bootstrap: opts.bootstrap ?? [],
      topics: opts.topics ?? [{ name: "tx", maxBytes: 1024 }],
      ...(opts.peerCheckIntervalMs !== undefined ? { peerCheckIntervalMs: opts.peerCheckIntervalMs } : {}),
      ...(opts.banDurationMs !== undefined ? { banDurationMs: opts.banDurationMs } : {}),
      bootstrapIntervalMs: opts.bootstrapIntervalMs ?? 250,
    },
    { privateKey: opts.privateKey ?? (await generateKeyPair("Ed25519")), logger, metrics: opts.metrics ?? null },
  );
  await network.start();
  return Object.assign(network, { logger });
}

/** The first listen address of `network` (a /p2p/ multiaddr), for bootstrap lists. */
export function addressOf(network: P2PNetwork): string {
  const address = network.getMultiaddrs()[0];
  if (address === undefined) throw new Error("network has no listen address");
  return address;
}

/** Polls `condition` every 20 ms until it holds; throws `message` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function isConnected(a: P2PNetwork, b: P2PNetwork): boolean {
  return a.getPeers().some((p) => p.peerId === b.peerId);
}

export async function stopAll(networks: Array<P2PNetwork | undefined>): Promise<void> {
  await Promise.all(networks.map((n) => n?.stop()));
}
