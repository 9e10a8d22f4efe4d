/**
 * Free loopback ports for tests that bind them later (node processes, a peer that starts late).
 * Picked below the kernel's ephemeral range: a port there is never handed to some process's outgoing
 * connection in the seconds between our check and the bind (a port from `listen(0)` can be, and was:
 * EADDRINUSE on CI).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const LOWEST_PORT = 10_000;
/** Ports this process already handed out, so two calls before the first bind never agree. */
const handedOut = new Set<number>();

/** The first port of the kernel's ephemeral range (Linux), or the IANA default elsewhere. */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/);
    const port = Number(low);
    if (Number.isInteger(port) && port > LOWEST_PORT + 1000) return port;
  } catch {
    // not Linux
  }
  return 49_152;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A base port with `count` free ports after it (random, so parallel test files rarely collide). */
export async function getFreePortRange(count: number): Promise<number> {
  const span = ephemeralRangeStart() - LOWEST_PORT - count;
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOWEST_PORT + Math.floor(Math.random() * span);
    let free = true;
    for (let p = base; p < base + count && free; p++) free = !handedOut.has(p) && (await isPortFree(p));
    if (!free) continue;
    for (let p = base; p < base + count; p++) handedOut.add(p);
    return base;
  }
  throw new Error(`no ${count} free ports in a row below ${ephemeralRangeStart()}`);
}

export function getFreePort(): Promise<number> {
  return getFreePortRange(1);
}
