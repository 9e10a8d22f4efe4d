// Figures shared by the load benchmarks: percentiles, a rounded rate, the resident memory of processes.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** The p-th percentile of an ascending list (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** One decimal place: the precision the JSON lines report. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Two decimals: a ratio near 1 (0.97 is not 1.0). */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The largest resident set of these processes in MB (threads included: they share the process). */
export function sampleRssMb(pids: readonly number[]): number {
  if (pids.length === 0) return 0;
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-p", pids.join(",")], { encoding: "utf8" });
    const values = out
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => Number(l) / 1024);
    return values.length === 0 ? 0 : Math.max(...values);
  } catch {
    return 0; // every process has exited
  }
}

/** CPU seconds (user + system, all threads) a process has used so far; NaN where /proc is absent. */
export function readCpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
