// The selected block's measured parallel time beside its sequential estimate (a Chart.js horizontal bar chart).
import { Chart, COLORS } from "./charts.js";

export class SpeedupChart {
  private readonly chart: Chart<"bar", number[], string>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart<"bar", number[], string>(canvas, {
      type: "bar",
      data: {
        labels: ["sequential estimate", "measured parallel"],
        datasets: [{ label: "ms", data: [0, 0], backgroundColor: [COLORS.sequential, COLORS.parallel] }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, title: { display: true, text: "ms" } } },
        plugins: { legend: { display: false } },
      },
    });
  }

  show(sequentialEstimateMs: number | null, parallelMs: number): void {
    this.chart.data.datasets[0]!.data = [sequentialEstimateMs ?? 0, parallelMs];
    this.chart.update();
  }
}
