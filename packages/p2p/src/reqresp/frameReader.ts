// Reads length-prefixed frames from a libp2p 3 stream, telling a clean end from a reset or a cut-off frame.
import type { Stream } from "@libp2p/interface";
import { type ByteStream, byteStream } from "@libp2p/utils";
import { Uint8ArrayList } from "uint8arraylist";
import { decodeVarint, MAX_VARINT_BYTES } from "./varint.js";

export type FrameReadResult =
  | { status: "frame"; data: Uint8Array }
  | { status: "end" }
  | { status: "too_large"; length: number }
  | { status: "malformed"; reason: string };

export class FrameReader {
  readonly #stream: Stream;
  readonly #bytes: ByteStream<Stream>;
  readonly #buffer = new Uint8ArrayList();

  /** Attach before any data can arrive (right after dialling, or at the start of a handler). */
  constructor(stream: Stream, maxFrameBytes: number) {
    this.#stream = stream;
    // Unread bytes libp2p may buffer between our reads: one largest frame, but at least its default.
    this.#bytes = byteStream(stream, { maxBufferSize: Math.max(4 * 1024 * 1024, maxFrameBytes + MAX_VARINT_BYTES) });
  }

  /** The next frame, or why there is none. Throws when the stream fails (reset, abort, timeout via `signal`). */
  async next(maxBytes: number, signal: AbortSignal): Promise<FrameReadResult> {
    for (;;) {
      const parsed = this.#parse(maxBytes);
      if (parsed !== null) return parsed;
      const chunk = await this.#bytes.read({ signal });
      if (chunk === null) return this.#onEnd();
      this.#buffer.append(chunk);
    }
  }

  /** A complete frame or a verdict on the buffered bytes; null when more bytes are needed. */
  #parse(maxBytes: number): FrameReadResult | null {
    if (this.#buffer.byteLength === 0) return null;
    const prefix = decodeVarint(this.#buffer);
    if (prefix.status === "invalid") return { status: "malformed", reason: "length prefix too long" };
    if (prefix.status === "incomplete") return null;
    if (prefix.value > maxBytes) return { status: "too_large", length: prefix.value };
    if (this.#buffer.byteLength < prefix.bytes + prefix.value) return null;
    const data = this.#buffer.subarray(prefix.bytes, prefix.bytes + prefix.value);
    this.#buffer.consume(prefix.bytes + prefix.value);
    return { status: "frame", data: new Uint8Array(data) };
  }

  #onEnd(): FrameReadResult {
    if (this.#stream.status === "reset" || this.#stream.status === "aborted") {
      throw new Error(`stream ${this.#stream.status} by the remote peer`);
    }
    if (this.#buffer.byteLength > 0) return { status: "malformed", reason: "stream ended inside a frame" };
    return { status: "end" };
  }
}
