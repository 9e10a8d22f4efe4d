import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHostileScenario, createScenario } from "./scenario.js";
import { runSimulation } from "./simulation.js";

/** Seeds run by the default test command (CI); `pnpm sim --seeds 10000` runs the long version. */
const CI_SEEDS = 300;

describe("simulator", () => {
  it(`keeps agreement, validity and liveness on ${CI_SEEDS} seeds (n = 4, 7, 10, f faulty)`, () => {
    const failures: string[] = [];
    const sizes = new Set<number>();
    for (let seed = 1; seed <= CI_SEEDS; seed++) {
      const r = runSimulation(createScenario(seed));
      sizes.add(r.n);
      assert.equal(r.heightsDecided, 3);
      for (const v of [...r.safetyViolations, ...r.livenessFailures]) failures.push(`seed ${seed}: ${v.kind}: ${v.detail}`);
    }
    assert.deepEqual(
      [...sizes].sort((a, b) => a - b),
      [4, 7, 10],
    );
    assert.deepEqual(failures, []);
  });

  it("the correct core survives the hostile scenario", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const r = runSimulation(createHostileScenario(seed));
      assert.deepEqual(r.safetyViolations, [], `seed ${seed}`);
    }
  });

  it("replays a seed exactly", () => {
    const a = runSimulation(createScenario(42));
    const b = runSimulation(createScenario(42));
    assert.deepEqual(a, b);
  });

  it("catches a core that ignores its lock, and the seed replays to the same violation", () => {
    let found: { seed: number; detail: string } | null = null;
    for (let seed = 1; seed <= 2000 && found === null; seed++) {
      const r = runSimulation(createHostileScenario(seed, { unsafe: { ignoreLock: true } }));
      const v = r.safetyViolations[0];
      if (v !== undefined) {
        assert.equal(v.kind, "agreement");
        found = { seed, detail: v.detail };
      }
    }
    assert.ok(found !== null, "the checker found no safety violation in the broken variant");
    const replay = runSimulation(createHostileScenario(found.seed, { unsafe: { ignoreLock: true } }));
    assert.equal(replay.safetyViolations[0]?.detail, found.detail);
    // The same seed without the bug is safe.
    assert.deepEqual(runSimulation(createHostileScenario(found.seed)).safetyViolations, []);
  });
});
