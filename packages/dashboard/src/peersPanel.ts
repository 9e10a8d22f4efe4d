// Each node the dashboard watches: its peer id, validator address and connected peers (named when they are watched nodes too).
import { el, shortHash } from "./format.js";
import type { PeersInfo } from "./types.js";

export interface NodeView {
  name: string;
  url: string;
  info: PeersInfo | null;
  error: string | null;
}

export function renderPeers(box: HTMLElement, nodes: readonly NodeView[]): void {
  const names = new Map<string, string>();
  for (const n of nodes) if (n.info?.peerId) names.set(n.info.peerId, n.name);
  box.replaceChildren(
    ...nodes.map((n) => {
      const div = el("div", "node");
      div.dataset.node = n.name;
      const title = el("div", "title", `${n.name} `);
      title.append(el("span", "muted", n.url));
      div.append(title);
      if (n.info === null) {
        div.append(el("div", "note", n.error ?? "no answer yet"));
        return div;
      }
      const role = n.info.validator === null ? "full node" : `validator ${shortHash(n.info.validator)}`;
      div.append(
        el("div", "note", `${n.info.peerId === null ? "no p2p (development chain)" : `peer ${shortHash(n.info.peerId, 8)}`} · ${role}`),
      );
      const list = el("div");
      for (const p of n.info.peers) {
        list.append(el("div", "mono", `↔ ${names.get(p.peerId) ?? shortHash(p.peerId, 8)}  score ${p.score.toFixed(1)}`));
      }
      if (n.info.peers.length === 0) list.append(el("div", "note", "no peers"));
      div.append(list);
      return div;
    }),
  );
}
