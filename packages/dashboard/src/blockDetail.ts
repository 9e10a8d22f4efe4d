// The selected block: its execution summary, speedup, batch layout, per-worker timeline and transactions.
import { byId, el, formatEth, formatMs, hexToNumber, laneName, row, shortHash } from "./format.js";
import { SpeedupChart } from "./speedupChart.js";
import { TimelineChart } from "./timelineChart.js";
import type { BlockExecution, RpcBlock, TimelineEntry } from "./types.js";

/** Transactions listed for a block: a table of thousands of rows slows the page and says no more. */
const MAX_TX_ROWS = 300;

function card(label: string, value: string): HTMLElement {
  const box = el("div", "card");
  box.append(el("div", "label", label), el("div", "value", value));
  return box;
}

export class BlockDetail {
  private readonly timeline = new TimelineChart(byId<HTMLCanvasElement>("timeline-chart"));
  private readonly speedup = new SpeedupChart(byId<HTMLCanvasElement>("speedup-chart"));

  /** `batchesFrom` names the node whose batch layout is shown when it is not this one. */
  show(block: RpcBlock, execution: BlockExecution | null, batchesFrom: string | null): void {
    byId("detail-title").textContent = `Block ${hexToNumber(block.number)} ${shortHash(block.hash, 10)}`;
    this.renderSummary(block, execution);
    this.timeline.show(execution?.timeline ?? []);
    this.speedup.show(execution?.sequentialEstimateMs ?? null, execution?.parallelMs ?? 0);
    this.renderBatches(execution, batchesFrom);
    this.renderTransactions(block, execution?.timeline ?? []);
  }

  private renderSummary(block: RpcBlock, execution: BlockExecution | null): void {
    const summary = byId("detail-summary");
    if (execution === null) {
      summary.replaceChildren(
        el("div", "note", "This node does not remember how it executed this block (older than its history, or before a restart)."),
      );
      return;
    }
    const mode = execution.fallbackReason === null ? execution.mode : `${execution.mode} (${execution.fallbackReason})`;
    summary.replaceChildren(
      card("transactions", String(block.transactions.length)),
      card("mode", mode),
      card("workers", String(execution.workers)),
      card("parallel time", formatMs(execution.parallelMs)),
      card("sequential estimate", formatMs(execution.sequentialEstimateMs)),
      card("speedup", execution.speedup === null ? "—" : `${execution.speedup.toFixed(2)}×`),
      card("conflicts", String(execution.conflicts)),
      card("re-executions", String(execution.reexecutions)),
      card("state root", formatMs(execution.rootMs)),
      card("executed by", execution.builtHere ? "this node (proposer)" : "re-execution"),
    );
  }

  private renderBatches(execution: BlockExecution | null, from: string | null): void {
    const box = byId("batches");
    const batches = execution?.batches ?? null;
    if (batches === null) {
      box.replaceChildren(el("div", "note", "Built by another validator: its batch layout is on that node's dashboard."));
      return;
    }
    const rows = batches.map((b, i) => {
      const line = el("div", "batch");
      line.title = b.id;
      line.append(el("span", "name", `batch ${i}`));
      b.transactions.forEach((hash, k) => {
        const chip = el("span", b.included[k] ? "chip" : "chip left-out");
        chip.title = `${hash}${b.included[k] ? "" : " (left out)"}`;
        line.append(chip);
      });
      line.append(el("span", "note", ` ${b.transactions.length} tx`));
      return line;
    });
    if (rows.length === 0) rows.push(el("div", "note", "no transactions"));
    if (from !== null) rows.unshift(el("div", "note", `as built by ${from}`));
    box.replaceChildren(...rows);
  }

  private renderTransactions(block: RpcBlock, timeline: readonly TimelineEntry[]): void {
    const runs = new Map<string, TimelineEntry[]>();
    for (const t of timeline) runs.set(t.transactionHash, [...(runs.get(t.transactionHash) ?? []), t]);
    const body = byId<HTMLTableElement>("transactions").tBodies[0]!;
    body.replaceChildren(
      ...block.transactions.slice(0, MAX_TX_ROWS).map((tx, i) => {
        const mine = runs.get(tx.hash) ?? [];
        const last = mine[mine.length - 1];
        const tr = row([
          String(i),
          shortHash(tx.hash, 7),
          shortHash(tx.from),
          shortHash(tx.to),
          formatEth(tx.value),
          last === undefined ? "—" : laneName(last.worker),
          last === undefined ? "—" : (last.endMs - last.startMs).toFixed(3),
          mine.length > 1 ? "yes" : "",
        ]);
        tr.dataset.tx = tx.hash;
        tr.cells[1]!.title = tx.hash;
        tr.cells[1]!.classList.add("mono");
        if (mine.length > 1) tr.cells[7]!.classList.add("re");
        return tr;
      }),
    );
    if (block.transactions.length === 0) body.append(row(["no transactions in this block"], "note"));
    const more = block.transactions.length - MAX_TX_ROWS;
    if (more > 0) body.append(row([`… and ${more} more (the timeline shows them all)`], "note"));
  }
}
