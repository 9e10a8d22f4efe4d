// The latest blocks as a clickable table, newest first.
import { hexToNumber, row, shortHash } from "./format.js";
import type { RpcBlock } from "./types.js";

/** Rows kept in the list. */
const MAX_BLOCKS = 25;

export class BlockList {
  private readonly blocks: RpcBlock[] = [];
  private selected: string | null = null;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly onSelect: (block: RpcBlock) => void,
  ) {}

  /** Adds (or replaces) a block, keeping the list sorted by number. */
  add(block: RpcBlock): void {
    const i = this.blocks.findIndex((b) => b.number === block.number);
    if (i >= 0) this.blocks.splice(i, 1);
    this.blocks.push(block);
    this.blocks.sort((a, b) => hexToNumber(b.number) - hexToNumber(a.number));
    this.blocks.length = Math.min(this.blocks.length, MAX_BLOCKS);
    this.render();
  }

  select(hash: string): void {
    this.selected = hash;
    this.render();
  }

  private render(): void {
    this.body.replaceChildren(
      ...this.blocks.map((b) => {
        const tr = row([
          String(hexToNumber(b.number)),
          shortHash(b.hash, 5),
          String(b.transactions.length),
          hexToNumber(b.gasUsed).toLocaleString(),
          new Date(hexToNumber(b.timestamp) * 1000).toLocaleTimeString([], { hour12: false }),
        ]);
        tr.dataset.hash = b.hash;
        tr.dataset.txs = String(b.transactions.length);
        if (b.hash === this.selected) tr.classList.add("selected");
        tr.addEventListener("click", () => this.onSelect(b));
        return tr;
      }),
    );
    if (this.blocks.length === 0) this.body.append(row(["waiting for blocks…"], "note"));
  }
}
