// A two-part progress bar on stderr (sent, then included) drawn only when stderr is a terminal.

export class ProgressBar {
  private readonly enabled = process.stderr.isTTY === true;

  constructor(
    private readonly total: number,
    private readonly labels: readonly [string, string] = ["sent", "mined"],
  ) {}

  draw(first: number, second: number): void {
    if (!this.enabled) return;
    const width = 30;
    const bar = (n: number) => "#".repeat(Math.round((Math.min(n, this.total) / this.total) * width)).padEnd(width, ".");
    const [a, b] = this.labels;
    process.stderr.write(`\r${a} [${bar(first)}] ${first}/${this.total}  ${b} [${bar(second)}] ${second}/${this.total}`);
  }

  done(): void {
    if (this.enabled) process.stderr.write("\n");
  }
}
