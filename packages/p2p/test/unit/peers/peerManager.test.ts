import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BanList } from "../../../src/peers/banList.js";
import { PeerManager } from "../../../src/peers/peerManager.js";
import { createRecordingLogger } from "../../helpers/network.js";

function createFixture(scores: Record<string, number>) {
  let now = 1_000;
  const banList = new BanList(() => now);
  const hungUp: string[] = [];
  const logger = createRecordingLogger();
  const manager = new PeerManager(
    { disconnectThreshold: -800, checkIntervalMs: 1000, banDurationMs: 60_000 },
    {
      banList,
      getPeers: () => Object.keys(scores).filter((p) => !hungUp.includes(p)),
      getScore: (p) => scores[p] ?? 0,
      hangUp: async (p) => {
        hungUp.push(p);
      },
      logger,
      metrics: null,
    },
  );
  return { manager, banList, hungUp, logger, advance: (ms: number) => (now += ms) };
}

describe("peer manager", () => {
  it("hangs up and bans only peers below the threshold, logging at info", async () => {
    const f = createFixture({ good: 5, meh: -799, bad: -900 });
    f.manager.checkPeers();
    await Promise.resolve();
    assert.deepEqual(f.hungUp, ["bad"]);
    assert.equal(f.banList.isBanned("bad"), true);
    assert.equal(f.banList.isBanned("meh"), false);
    assert.deepEqual(
      f.logger.entries.map((e) => [e.level, e.message, e.context?.peer, e.context?.score]),
      [["info", "Disconnecting peer with low score", "bad", -900]],
    );
    assert.equal(f.manager.takeLowScoreDisconnect("bad"), true);
    assert.equal(f.manager.takeLowScoreDisconnect("bad"), false, "counted once");
  });

  it("bans expire", () => {
    const f = createFixture({});
    f.banList.ban("p", 60_000);
    f.advance(59_999);
    assert.equal(f.banList.isBanned("p"), true);
    assert.equal(f.banList.size, 1);
    f.advance(1);
    assert.equal(f.banList.isBanned("p"), false);
    assert.equal(f.banList.size, 0);
  });

  it("start/stop leave no timer behind", () => {
    const f = createFixture({});
    f.manager.start();
    f.manager.stop();
    f.manager.stop();
  });
});
