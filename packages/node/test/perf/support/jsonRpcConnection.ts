// One kept-alive HTTP/1.1 connection that carries one JSON-RPC request at a time: the load's senders.
import net from "node:net";
import type { JsonRpcResponse } from "./transferLoad.js";

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /^content-length:\s*(\d+)\s*$/im;

interface Pending {
  resolve: (response: JsonRpcResponse) => void;
  reject: (err: Error) => void;
}

/**
 * A load client's own socket, written and parsed by hand. On this 2-core VM the benchmark's client
 * shares the CPU with the node it measures: node:http's client spent ~0.3 ms of CPU per request there
 * (0.1–0.26 against a bare Node server that answers at once), this ~0.03–0.06, which leaves that CPU to
 * whichever node is measured. Answers must carry a Content-Length, as both nodes' do; anything else is
 * an error, as is a connection that closes with a request unanswered.
 */
export class JsonRpcConnection {
  private readonly socket: net.Socket;
  private readonly hostHeader: string;
  private pending: Pending | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;

  constructor(url: string) {
    const target = new URL(url);
    this.hostHeader = target.host;
    this.socket = net.connect(Number(target.port), target.hostname);
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    this.socket.on("error", (err) => this.fail(err));
    this.socket.on("close", () => this.fail(new Error(`${url} closed the connection`)));
  }

  /** Sends one JSON-RPC call and resolves with its answer; one call at a time per connection. */
  call(method: string, params: unknown[]): Promise<JsonRpcResponse> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pending !== undefined) return Promise.reject(new Error("JsonRpcConnection: one call at a time"));
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });
    this.socket.write(
      `POST / HTTP/1.1\r\nHost: ${this.hostHeader}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
    });
  }

  close(): void {
    this.failure ??= new Error("connection closed by the client");
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const header = this.buffered.toString("latin1", 0, headerEnd);
    const length = CONTENT_LENGTH.exec(header)?.[1];
    if (length === undefined) {
      this.fail(new Error(`an answer without Content-Length: ${header.split("\r\n")[0]}`));
      return;
    }
    const end = headerEnd + HEADER_END.length + Number(length);
    if (this.buffered.length < end) return;
    const body = this.buffered.toString("utf8", headerEnd + HEADER_END.length, end);
    this.buffered = this.buffered.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    try {
      pending?.resolve(JSON.parse(body) as JsonRpcResponse);
    } catch (err) {
      pending?.reject(new Error(`an answer that is not JSON (${header.split("\r\n")[0]}): ${(err as Error).message}`));
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }
}
