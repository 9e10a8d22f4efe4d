// Small text helpers: hex quantities, shortened hashes, ETH amounts, DOM building.

export function hexToNumber(hex: string): number {
  return Number.parseInt(hex, 16);
}

export function shortHash(hash: string | null, chars = 6): string {
  if (hash === null) return "—";
  return hash.length <= 2 + 2 * chars ? hash : `${hash.slice(0, 2 + chars)}…${hash.slice(-chars + 2)}`;
}

/** Wei (hex) as ETH with up to 4 decimals. */
export function formatEth(hexWei: string): string {
  const wei = BigInt(hexWei);
  const whole = wei / 10n ** 18n;
  const frac = (wei % 10n ** 18n).toString().padStart(18, "0").slice(0, 4).replace(/0+$/, "");
  return frac === "" ? whole.toString() : `${whole}.${frac}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}

/** "worker 0", "worker 1", …; -1 is the coordinating thread. */
export function laneName(worker: number): string {
  return worker < 0 ? "main thread" : `worker ${worker}`;
}

/** document.createElement with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = "", text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== "") node.className = className;
  if (text !== "") node.textContent = text;
  return node;
}

/** A table row of text cells. */
export function row(cells: readonly string[], className = ""): HTMLTableRowElement {
  const tr = el("tr", className);
  for (const text of cells) tr.append(el("td", "", text));
  return tr;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} is missing from the page`);
  return node as T;
}
