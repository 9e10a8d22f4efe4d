// The page's entry: connects to the node over WebSocket, follows new heads, and feeds every panel.
import { BlockDetail } from "./blockDetail.js";
import { BlockList } from "./blockList.js";
import { byId, hexToNumber } from "./format.js";
import type { NodeView } from "./peersPanel.js";
import { renderPeers } from "./peersPanel.js";
import { PoolChart } from "./poolChart.js";
import { RpcClient, toWebSocketUrl } from "./rpcClient.js";
import type { BlockExecution, CommitCertificate, ParallelStats, PeersInfo, RpcBlock, Validators } from "./types.js";
import { renderVotes } from "./votesPanel.js";

/** Blocks loaded when the page opens. */
const INITIAL_BLOCKS = 12;
/** Heights shown in the votes table. */
const VOTE_HEIGHTS = 6;
/** How often the pool's counts are sampled for its chart (ms). */
const POOL_SAMPLE_MS = 1000;
/** How often validators' votes and nodes' peers are refreshed (ms). */
const NETWORK_REFRESH_MS = 2000;

interface WatchedNode {
  name: string;
  url: string;
  client: RpcClient;
  view: NodeView;
}

/** This page's node, then the nodes named in `?nodes=` (RPC URLs or ports on this host), comma-separated. */
function getWatchedNodes(): WatchedNode[] {
  const params = new URLSearchParams(location.search);
  const own = params.get("rpc") ?? location.origin;
  const others = (params.get("nodes") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => (/^\d+$/.test(s) ? `${location.protocol}//${location.hostname}:${s}` : s));
  const urls = [own, ...others.filter((u) => u.replace(/\/$/, "") !== own.replace(/\/$/, ""))];
  return urls.map((url, i) => {
    const name = i === 0 ? "this node" : `node ${new URL(url).port || url}`;
    return { name, url, client: new RpcClient(toWebSocketUrl(url)), view: { name, url, info: null, error: null } };
  });
}

class DashboardApp {
  private readonly nodes = getWatchedNodes();
  private readonly primary = this.nodes[0]!.client;
  private readonly list = new BlockList(byId<HTMLTableElement>("blocks").tBodies[0]!, (b) => this.select(b, true));
  private readonly detail = new BlockDetail();
  private readonly pool = new PoolChart(byId<HTMLCanvasElement>("pool-chart"));
  private readonly certificates = new Map<number, CommitCertificate>();
  private validators: Validators | null = null;
  private head = -1;
  /** Until an older block is clicked, the newest block with transactions is shown. */
  private following = true;

  async start(): Promise<void> {
    const status = byId("status");
    this.primary.onStatus = (up) => {
      status.textContent = up ? `live: ${this.nodes[0]!.url}` : "disconnected: retrying…";
      status.className = up ? "status ok" : "status down";
    };
    this.head = hexToNumber(await this.primary.request<string>("eth_blockNumber"));
    const first = Math.max(0, this.head - INITIAL_BLOCKS + 1);
    const blocks = await Promise.all(Array.from({ length: this.head - first + 1 }, (_, i) => this.loadBlock(first + i)));
    for (const b of blocks) if (b !== null) this.list.add(b);
    const shown = [...blocks].reverse().find((b) => b !== null && b.transactions.length > 0) ?? blocks[blocks.length - 1];
    if (shown !== null && shown !== undefined) await this.select(shown, false);
    await this.primary.subscribe(["newHeads"], (header) => void this.onHead(header as { number: string }));
    void this.refreshPool();
    setInterval(() => void this.refreshPool(), POOL_SAMPLE_MS);
    void this.refreshNetwork();
    setInterval(() => void this.refreshNetwork(), NETWORK_REFRESH_MS);
  }

  private loadBlock(number: number): Promise<RpcBlock | null> {
    return this.primary.request<RpcBlock | null>("eth_getBlockByNumber", [`0x${number.toString(16)}`, true]);
  }

  /** Loads the new head and any block between it and the last one seen (a head may arrive while the page loads). */
  private async onHead(header: { number: string }): Promise<void> {
    const number = hexToNumber(header.number);
    const from = Math.max(this.head + 1, number - INITIAL_BLOCKS + 1);
    this.head = Math.max(this.head, number);
    for (let n = Math.min(from, number); n <= number; n++) {
      const block = await this.loadBlock(n);
      if (block === null) continue;
      this.list.add(block);
      if (this.following && block.transactions.length > 0) await this.select(block, false);
    }
  }

  private async select(block: RpcBlock, byUser: boolean): Promise<void> {
    // Clicking an older block holds it; clicking the newest one follows new blocks again.
    if (byUser) this.following = hexToNumber(block.number) >= this.head;
    this.list.select(block.hash);
    const execution = await this.primary.request<BlockExecution | null>("eigen_getBlockExecution", [block.hash]);
    let from: string | null = null;
    // Only the proposer knows the pool's batches: ask the other watched nodes for them.
    if (execution !== null && execution.batches === null) {
      for (const node of this.nodes.slice(1)) {
        const theirs = await node.client.request<BlockExecution | null>("eigen_getBlockExecution", [block.hash]).catch(() => null);
        if (theirs?.batches != null) {
          execution.batches = theirs.batches;
          from = node.name;
          break;
        }
      }
    }
    this.detail.show(block, execution, from);
  }

  private async refreshPool(): Promise<void> {
    const stats = await this.primary.request<ParallelStats>("parallel_stats").catch(() => null);
    if (stats !== null) this.pool.add(new Date(), stats);
  }

  /** Validators' votes for the latest heights, and every watched node's peers. */
  private async refreshNetwork(): Promise<void> {
    this.validators ??= await this.primary.request<Validators>("eigen_validators").catch(() => null);
    const heights = Array.from({ length: VOTE_HEIGHTS }, (_, i) => this.head - VOTE_HEIGHTS + 1 + i).filter((h) => h >= 1);
    await Promise.all(
      heights
        .filter((h) => !this.certificates.has(h))
        .map(async (h) => {
          const c = await this.primary
            .request<CommitCertificate | null>("eigen_getCommitCertificate", [`0x${h.toString(16)}`])
            .catch(() => null);
          if (c !== null) this.certificates.set(h, c);
        }),
    );
    for (const h of this.certificates.keys()) if (h < this.head - VOTE_HEIGHTS) this.certificates.delete(h);
    if (this.validators !== null) {
      const certs = heights.map((h) => this.certificates.get(h)).filter((c): c is CommitCertificate => c !== undefined);
      renderVotes(byId<HTMLTableElement>("votes"), this.validators, certs);
    }
    await Promise.all(
      this.nodes.map(async (node) => {
        try {
          node.view.info = await node.client.request<PeersInfo>("eigen_peers");
          node.view.error = null;
        } catch (err) {
          node.view.error = err instanceof Error ? err.message : String(err);
        }
      }),
    );
    renderPeers(
      byId("peers"),
      this.nodes.map((n) => n.view),
    );
  }
}

/** A node that is not up yet (or restarting) is tried again after this long (ms). */
const START_RETRY_MS = 3000;

new DashboardApp().start().catch((err: unknown) => {
  const status = byId("status");
  status.textContent = `error: ${err instanceof Error ? err.message : String(err)}; retrying…`;
  status.className = "status down";
  setTimeout(() => location.reload(), START_RETRY_MS);
});
