// The pool's pending, queued and parallelizable counts over time (a Chart.js line chart sampled every second).
import { Chart, COLORS } from "./charts.js";
import type { ParallelStats } from "./types.js";

/** Points kept: two minutes of one-second samples. */
const MAX_POINTS = 120;

export class PoolChart {
  private readonly chart: Chart<"line", number[], string>;

  constructor(canvas: HTMLCanvasElement) {
    const series = (label: string, color: string) => ({
      label,
      data: [] as number[],
      borderColor: color,
      backgroundColor: color,
      pointRadius: 0,
      tension: 0.2,
    });
    this.chart = new Chart<"line", number[], string>(canvas, {
      type: "line",
      data: {
        labels: [],
        // Parallelizable is usually all of pending: a shaded area under the lines keeps both visible.
        datasets: [
          series("pending", COLORS.pending),
          series("queued", COLORS.queued),
          {
            ...series("parallelizable", COLORS.parallelizable),
            fill: "origin",
            backgroundColor: `${COLORS.parallelizable}40`,
            borderDash: [6, 4],
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 6 } } },
        plugins: { legend: { position: "bottom" } },
      },
    });
  }

  add(at: Date, stats: ParallelStats): void {
    const { labels, datasets } = this.chart.data;
    labels!.push(at.toLocaleTimeString([], { hour12: false }));
    datasets[0]!.data.push(stats.pending);
    datasets[1]!.data.push(stats.queued);
    datasets[2]!.data.push(stats.parallelizable);
    if (labels!.length > MAX_POINTS) {
      labels!.shift();
      for (const d of datasets) d.data.shift();
    }
    this.chart.update();
  }
}
