// A task run again and again with a pause between runs, never two at once; stop waits for the one running.

/** Runs `task` every `intervalMs` after the previous run ended; a failure is reported and the loop goes on. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** The first run starts after `firstDelayMs` (default: one interval). */
  start(firstDelayMs = this.intervalMs): void {
    this.running = true;
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.task()
        .catch(this.onError)
        .finally(() => {
          this.inFlight = undefined;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
  }
}
