import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { type P2PNetwork, peerIdFromKey } from "../../src/index.js";
import { addressOf, isConnected, startTestNetwork, stopAll, waitFor } from "../helpers/network.js";
import { getFreePort } from "../helpers/ports.js";

describe("peers and addresses", { timeout: 60_000 }, () => {
  it("getMultiaddrs: real ports for port 0, announce addresses when given, each with /p2p/<id>", async (t) => {
    const networks: P2PNetwork[] = [];
    t.after(() => stopAll(networks));
    const any = await startTestNetwork({ name: "any", listen: ["/ip4/0.0.0.0/tcp/0"] });
    networks.push(any);
    assert.ok(any.getMultiaddrs().length > 0);
    for (const address of any.getMultiaddrs()) {
      assert.match(address, new RegExp(`/tcp/[1-9][0-9]*/p2p/${any.peerId}$`));
    }
    const announced = await startTestNetwork({ name: "announced", announce: ["/ip4/203.0.113.7/tcp/26656"] });
    networks.push(announced);
    assert.deepEqual(announced.getMultiaddrs(), [`/ip4/203.0.113.7/tcp/26656/p2p/${announced.peerId}`]);
  });

  it("a bootstrap peer that starts later, then restarts, is (re)connected; peer events fire", async (t) => {
    const networks: Array<P2PNetwork | undefined> = [];
    t.after(() => stopAll(networks));
    const key = await generateKeyPair("Ed25519");
    const port = await getFreePort();
    const lateAddress = `/ip4/127.0.0.1/tcp/${port}/p2p/${peerIdFromKey(key)}`;
    const b = await startTestNetwork({ name: "B", bootstrap: [lateAddress] });
    networks.push(b);
    const events: string[] = [];
    b.on("peer:connect", (id) => events.push(`connect ${id}`));
    b.on("peer:disconnect", (id) => events.push(`disconnect ${id}`));
    await new Promise((resolve) => setTimeout(resolve, 500)); // B's first dials fail: nobody listens yet

    const late = await startTestNetwork({ name: "late", privateKey: key, listen: [`/ip4/127.0.0.1/tcp/${port}`] });
    networks.push(late);
    assert.equal(addressOf(late), lateAddress);
    await waitFor(() => isConnected(b, late), 10_000, "B connects once the peer starts");
    assert.equal(b.peerCount, 1);

    await late.stop();
    await waitFor(() => !isConnected(b, late), 10_000, "B sees the peer go");
    const restarted = await startTestNetwork({ name: "restarted", privateKey: key, listen: [`/ip4/127.0.0.1/tcp/${port}`] });
    networks.push(restarted);
    await waitFor(() => isConnected(b, restarted), 10_000, "B reconnects after the restart");
    const id = peerIdFromKey(key);
    assert.deepEqual(events, [`connect ${id}`, `disconnect ${id}`, `connect ${id}`]);
  });

  it("create refuses a bootstrap address without /p2p/<peerId>", async () => {
    await assert.rejects(startTestNetwork({ bootstrap: ["/ip4/127.0.0.1/tcp/1"] }), { code: "P2P_INVALID_MULTIADDR" });
  });

  it("stop is idempotent and start after stop does nothing", async () => {
    const a = await startTestNetwork({ name: "A" });
    await a.stop();
    await a.stop();
    await a.start();
    assert.equal(a.peerCount, 0);
    await assert.rejects(a.publish("tx", new Uint8Array(1)), { code: "P2P_NOT_STARTED" });
  });

  it("setBlockedPeers cuts a peer in both directions until the list is cleared, then the bootstrap re-dial heals it", async (t) => {
    const networks: P2PNetwork[] = [];
    t.after(() => stopAll(networks));
    const a = await startTestNetwork({ name: "A" });
    networks.push(a);
    const b = await startTestNetwork({ name: "B", bootstrap: [addressOf(a)], bootstrapIntervalMs: 200 });
    networks.push(b);
    await waitFor(() => isConnected(b, a), 10_000, "B connects to A");
    await a.setBlockedPeers([b.peerId]);
    await waitFor(() => !isConnected(b, a) && !isConnected(a, b), 10_000, "A hangs up B");
    await new Promise((resolve) => setTimeout(resolve, 1000)); // B keeps re-dialling: refused
    assert.equal(isConnected(a, b), false);
    await a.setBlockedPeers([]);
    await waitFor(() => isConnected(b, a), 10_000, "B is back once the block is lifted");
  });
});
