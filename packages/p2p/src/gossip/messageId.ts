// Content-addressed gossip message ids: identical payloads on a topic get the same id and dedupe.
import { createHash } from "node:crypto";
import type { Message } from "@libp2p/gossipsub";

/** sha256(topic ‖ 0x00 ‖ data); unsigned messages carry no sender or sequence number to tell copies apart. */
export function computeMessageId(message: Message): Uint8Array {
  const hash = createHash("sha256");
  hash.update(message.topic);
  hash.update(new Uint8Array([0]));
  hash.update(message.data);
  return new Uint8Array(hash.digest());
}
