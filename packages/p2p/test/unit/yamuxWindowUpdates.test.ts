// The yamux patch (patches/@chainsafe__libp2p-yamux@8.0.1.patch): a stream answers received data with a
// window update only once half its receive window is used, as go-yamux does, not after every frame.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StreamState, YamuxStream } from "@chainsafe/libp2p-yamux/stream";
import { Uint8ArrayList } from "uint8arraylist";

/** yamux frame types (the spec's): 0 data, 1 window update. */
const DATA = 0;
const WINDOW_UPDATE = 1;
const INITIAL_WINDOW = 256 * 1024;

function receivingStream() {
  const sent: { type: number; length: number }[] = [];
  const log = Object.assign(() => {}, { trace() {}, error() {}, enabled: false });
  const stream = new YamuxStream({
    id: "1",
    streamId: 1,
    state: StreamState.Established,
    direction: "inbound",
    getRTT: () => -1,
    sendFrame: (header: { type: number; length: number }) => {
      sent.push(header);
      return true;
    },
    log,
  } as unknown as ConstructorParameters<typeof YamuxStream>[0]);
  const receive = (bytes: number) =>
    stream.handleData({
      header: { type: DATA, flag: 0, streamID: 1, length: bytes },
      // yamux's own uint8arraylist major differs from ours only in its types.
      data: new Uint8ArrayList(new Uint8Array(bytes)),
    } as unknown as Parameters<YamuxStream["handleData"]>[0]);
  const updates = () => sent.filter((frame) => frame.type === WINDOW_UPDATE);
  return { receive, updates };
}

describe("yamux window updates (patched)", () => {
  it("sends none for small frames until half the window is used, then one that restores it", () => {
    const { receive, updates } = receivingStream();
    for (let i = 0; i < 100; i++) receive(200);
    assert.equal(updates().length, 0, "an update per small data frame doubles the frames of gossip");
    const frames = Math.ceil(INITIAL_WINDOW / 2 / 200);
    for (let i = 100; i < frames; i++) receive(200);
    assert.equal(updates().length, 1);
    assert.equal(updates()[0]?.length, frames * 200);
  });

  it("a frame of more than half the window is answered at once, so the sender never stalls", () => {
    const { receive, updates } = receivingStream();
    receive(INITIAL_WINDOW / 2 + 1);
    assert.deepEqual(
      updates().map((frame) => frame.length),
      [INITIAL_WINDOW / 2 + 1],
    );
  });
});
