// Chart.js set up once: the controllers, elements and scales the dashboard's charts use (the rest is left out of the bundle).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, Filler);
Chart.defaults.color = "#c9d1d9";
Chart.defaults.borderColor = "#30363d";
Chart.defaults.font.family = "system-ui, sans-serif";
Chart.defaults.animation = false;

export { Chart };

/** Colours shared by the charts and the page's legend. */
export const COLORS = {
  first: "#3fb950",
  reexecuted: "#f85149",
  pending: "#58a6ff",
  queued: "#d29922",
  parallelizable: "#3fb950",
  sequential: "#8b949e",
  parallel: "#58a6ff",
};
