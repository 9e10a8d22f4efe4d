import assert from "node:assert/strict";
import { describe, it } from "node:test";

describe("public API", () => {
  it("exports exactly the curated names (update on purpose)", async () => {
    const p2p = await import("../../src/index.js");
    assert.deepEqual(Object.keys(p2p).sort(), [
      "DEFAULT_REQRESP_LIMITS",
      "DEFAULT_REQUEST_TIMEOUT_MS",
      "DISCONNECT_SCORE_THRESHOLD",
      "INVALID_MESSAGE_WEIGHT",
      "P2PNetwork",
      "PEER_SCORE_THRESHOLDS",
      "createP2PError",
      "createP2PMetrics",
      "getGossipTopic",
      "getReqRespProtocolId",
      "loadOrCreatePeerKey",
      "peerIdFromKey",
    ]);
  });

  it("installs Promise.withResolvers", async () => {
    await import("../../src/index.js");
    assert.equal(typeof (Promise as unknown as { withResolvers: unknown }).withResolvers, "function");
  });
});
