import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Multiaddr } from "@multiformats/multiaddr";
import { BootstrapDialer, parseBootstrapAddress } from "../../../src/peers/bootstrapDialer.js";
import { createRecordingLogger } from "../../helpers/network.js";

const PEER_A = "12D3KooWFdDRz7WbJMrvBS9yCe6deAcncWjCF5kUp6cYL6BARhkS";
const PEER_B = "12D3KooWHv3ec4df4woSD39pXHaWQXqREzYbwHNWHBGffKit1zQ4";

describe("bootstrap dialer", () => {
  it("parses /p2p/ addresses and refuses others", () => {
    assert.equal(parseBootstrapAddress(`/ip4/10.0.0.1/tcp/26656/p2p/${PEER_A}`).peerId, PEER_A);
    assert.equal(parseBootstrapAddress(`/dns4/node-1.example/tcp/26656/p2p/${PEER_A}`).peerId, PEER_A);
    assert.throws(() => parseBootstrapAddress("/ip4/10.0.0.1/tcp/26656"), { code: "P2P_INVALID_MULTIADDR" });
    assert.throws(() => parseBootstrapAddress("not a multiaddr"), { code: "P2P_INVALID_MULTIADDR" });
  });

  it("dials the unconnected, unbanned peers other than itself, one dial at a time each, and never throws", async () => {
    const dialled: string[] = [];
    const pending: Array<() => void> = [];
    const connected = new Set<string>();
    const logger = createRecordingLogger();
    const dialer = new BootstrapDialer(
      {
        addresses: [`/ip4/10.0.0.1/tcp/1/p2p/${PEER_A}`, `/ip4/10.0.0.2/tcp/1/p2p/${PEER_B}`, `/ip4/10.0.0.3/tcp/1/p2p/SELF`],
        intervalMs: 1_000_000,
        dialTimeoutMs: 1000,
      },
      {
        selfPeerId: "SELF",
        isConnected: (p) => connected.has(p),
        isBanned: (p) => p === PEER_B,
        dial: (address: Multiaddr) => {
          dialled.push(address.toString());
          return new Promise((_resolve, reject) => pending.push(() => reject(new Error("refused"))));
        },
        logger,
      },
    );
    dialer.dialUnconnected();
    dialer.dialUnconnected(); // the first dial is still in flight
    assert.deepEqual(dialled, [`/ip4/10.0.0.1/tcp/1/p2p/${PEER_A}`]);
    for (const fail of pending.splice(0)) fail();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      logger.entries.map((e) => [e.level, e.message]),
      [["debug", "Bootstrap dial failed"]],
    );
    connected.add(PEER_A);
    dialer.dialUnconnected();
    assert.equal(dialled.length, 1, "a connected peer is not dialled");
    dialer.stop();
  });
});
