// A JSON-RPC client over one WebSocket: requests, eth_subscribe notifications, reconnection with backoff.

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

/** Longest wait between reconnection attempts (ms): a restarted node is found again within seconds. */
const MAX_BACKOFF_MS = 5000;

export class RpcClient {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subscriptions = new Map<string, (result: unknown) => void>();
  private readonly wanted: { params: unknown[]; onEvent: (result: unknown) => void }[] = [];
  private opened: Promise<void> | null = null;
  private backoffMs = 250;
  private closed = false;
  /** Told when the connection comes up or goes down. */
  onStatus: (connected: boolean) => void = () => {};

  constructor(readonly url: string) {}

  /** Sends a request; connects first when needed. */
  async request<T>(method: string, params: unknown[] = []): Promise<T> {
    await this.connect();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.socket?.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  /** eth_subscribe, renewed after every reconnection. */
  async subscribe(params: unknown[], onEvent: (result: unknown) => void): Promise<void> {
    this.wanted.push({ params, onEvent });
    const id = await this.request<string>("eth_subscribe", params);
    this.subscriptions.set(id, onEvent);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private connect(): Promise<void> {
    this.opened ??= new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.onopen = () => {
        this.backoffMs = 250;
        this.onStatus(true);
        resolve();
      };
      socket.onmessage = (event) => this.onMessage(String(event.data));
      socket.onclose = () => {
        const wasOpen = this.opened !== null;
        this.opened = null;
        this.socket = null;
        for (const p of this.pending.values()) p.reject(new Error(`connection to ${this.url} closed`));
        this.pending.clear();
        this.subscriptions.clear();
        reject(new Error(`cannot connect to ${this.url}`));
        if (wasOpen) this.onStatus(false);
        if (!this.closed) setTimeout(() => this.reconnect(), this.backoffMs);
        this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
      };
    });
    return this.opened;
  }

  private async reconnect(): Promise<void> {
    try {
      await this.connect();
      for (const { params, onEvent } of this.wanted) {
        const id = await this.request<string>("eth_subscribe", params);
        this.subscriptions.set(id, onEvent);
      }
    } catch {
      // onclose schedules the next attempt
    }
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
      method?: string;
      params?: { subscription: string; result: unknown };
    };
    if (message.method === "eth_subscription" && message.params !== undefined) {
      this.subscriptions.get(message.params.subscription)?.(message.params.result);
      return;
    }
    if (message.id === undefined) return;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result);
  }
}

/** ws(s)://host:port for an http(s) URL (or a ws URL as given). */
export function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, "ws$1://").replace(/\/$/, "");
}
