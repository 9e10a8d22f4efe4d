// Stepping node:test's mocked timers for the block clock's tests.
import { mock } from "node:test";
import { setImmediate as flushMicrotasks } from "node:timers/promises";

/** Moves the mocked clock on in 5 ms steps, letting promises settle between them (a build's resolution, its chaining). */
export async function advance(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 5) {
    mock.timers.tick(Math.min(5, ms - done));
    await flushMicrotasks();
  }
}
