import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SignedVote } from "@eigenchain/consensus";
import { FutureMessages } from "../../../src/consensus/futureMessages.js";
import { ConsensusTimeouts } from "../../../src/consensus/timeouts.js";

const vote = (height: number): SignedVote => ({
  type: "prevote",
  height,
  round: 0,
  valueId: null,
  validator: "0x01",
  signature: new Uint8Array(96),
});

describe("future consensus messages", () => {
  it("hands back a height's messages once, and drops those of heights passed over", () => {
    const future = new FutureMessages();
    future.add(5, { type: "vote", vote: vote(5) });
    future.add(6, { type: "vote", vote: vote(6) });
    future.add(6, { type: "vote", vote: vote(6) });
    assert.equal(future.take(6).length, 2);
    assert.equal(future.take(6).length, 0);
    assert.equal(future.take(5).length, 0, "height 5 was dropped when 6 was taken");
  });

  it("is bounded", () => {
    const future = new FutureMessages();
    let added = 0;
    for (let i = 0; i < 5000; i++) if (future.add(7, { type: "vote", vote: vote(7) })) added++;
    assert.ok(added < 5000);
    assert.equal(future.take(7).length, added);
  });
});

describe("consensus timeouts", () => {
  it("fires once per (height, round, step) and cancels heights that were decided", () => {
    const pending = new Map<number, () => void>();
    let next = 0;
    const clock = {
      setTimeout: (callback: () => void) => {
        pending.set(++next, callback);
        return next;
      },
      clearTimeout: (handle: unknown) => pending.delete(handle as number),
    };
    const timeouts = new ConsensusTimeouts(clock);
    const fired: string[] = [];
    const fire = (t: { height: number; round: number; step: string }) => fired.push(`${t.height}/${t.round}/${t.step}`);
    timeouts.schedule({ height: 1, round: 0, step: "propose" }, 100, fire);
    timeouts.schedule({ height: 1, round: 0, step: "propose" }, 100, fire); // same slot: one timer
    timeouts.schedule({ height: 2, round: 0, step: "prevote" }, 100, fire);
    assert.equal(pending.size, 2);
    timeouts.cancelBelow(2);
    assert.equal(pending.size, 1);
    for (const callback of pending.values()) callback();
    assert.deepEqual(fired, ["2/0/prevote"]);
    assert.equal(timeouts.size, 0);
  });
});
