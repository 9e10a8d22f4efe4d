// The selected block's per-worker timeline: a Gantt chart (Chart.js floating bars) of which transaction ran on which worker, when.
import { Chart, COLORS } from "./charts.js";
import { laneName, shortHash } from "./format.js";
import type { TimelineEntry } from "./types.js";

interface Bar {
  x: [number, number];
  y: string;
  hash: string;
  incarnation: number;
}

/** One bar per execution, on its worker's lane; re-executions (incarnation > 0) in red. */
export class TimelineChart {
  private readonly chart: Chart<"bar", Bar[], string>;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.chart = new Chart<"bar", Bar[], string>(canvas, {
      type: "bar",
      data: { labels: [], datasets: [] },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        parsing: { xAxisKey: "x", yAxisKey: "y" },
        scales: {
          x: { type: "linear", min: 0, title: { display: true, text: "ms since the block's first transaction started" } },
          y: { type: "category", stacked: true },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: (item) => {
                const bar = item.raw as Bar;
                const run = bar.incarnation === 0 ? "" : ` (re-execution ${bar.incarnation})`;
                return `${shortHash(bar.hash, 8)}${run}: ${bar.x[0].toFixed(2)}–${bar.x[1].toFixed(2)} ms`;
              },
            },
          },
        },
      },
    });
  }

  show(timeline: readonly TimelineEntry[]): void {
    const lanes = [...new Set(timeline.map((t) => t.worker))].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b)).map(laneName);
    const toBar = (t: TimelineEntry): Bar => ({
      // A transaction shorter than a pixel still shows.
      x: [t.startMs, Math.max(t.endMs, t.startMs + 0.02)],
      y: laneName(t.worker),
      hash: t.transactionHash,
      incarnation: t.incarnation,
    });
    this.chart.data.labels = lanes;
    this.chart.data.datasets = [
      { label: "executed", data: timeline.filter((t) => t.incarnation === 0).map(toBar), backgroundColor: COLORS.first, grouped: false },
      {
        label: "re-executed",
        data: timeline.filter((t) => t.incarnation > 0).map(toBar),
        backgroundColor: COLORS.reexecuted,
        grouped: false,
      },
    ];
    this.canvas.parentElement!.style.height = `${Math.max(140, 60 + lanes.length * 46)}px`;
    this.canvas.dataset.bars = String(timeline.length);
    this.chart.update();
  }
}
