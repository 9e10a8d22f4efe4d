/**
 * `pnpm sim --seeds N [--start S] [--json] [--hostile] [--broken ignoreLock]` runs seeds S..S+N-1 and prints one summary;
 * `pnpm sim --seed S` replays one seed verbosely. Exit code 1 when any seed violates safety or liveness.
 */
import { createHostileScenario, createScenario, type Scenario, VALIDATOR_COUNTS } from "./scenario.js";
import { runSimulation, type SimResult } from "./simulation.js";

function getArg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const json = process.argv.includes("--json");
const broken = getArg("--broken");
const overrides: Partial<Scenario> = broken === "ignoreLock" ? { unsafe: { ignoreLock: true } } : {};
const single = getArg("--seed");
const replayFlags = `${process.argv.includes("--hostile") ? " --hostile" : ""}${broken !== undefined ? ` --broken ${broken}` : ""}`;
const makeScenario = process.argv.includes("--hostile") ? createHostileScenario : createScenario;

if (single !== undefined) {
  const seed = Number(single);
  const sc = makeScenario(seed, overrides);
  console.log(JSON.stringify({ scenario: sc }));
  const result = runSimulation(sc, { log: (line) => console.log(line) });
  console.log(JSON.stringify(summarise([result])));
  for (const v of [...result.safetyViolations, ...result.livenessFailures]) console.log(`VIOLATION ${v.kind}: ${v.detail}`);
  process.exit(result.safetyViolations.length + result.livenessFailures.length > 0 ? 1 : 0);
}

const seeds = Number(getArg("--seeds") ?? "100");
const startSeed = Number(getArg("--start") ?? "1");
const started = performance.now();
const results: SimResult[] = [];
for (let s = startSeed; s < startSeed + seeds; s++) {
  const result = runSimulation(makeScenario(s, overrides));
  results.push(result);
  if (result.safetyViolations.length + result.livenessFailures.length > 0) {
    const v = [...result.safetyViolations, ...result.livenessFailures][0];
    console.error(`seed ${s} (n=${result.n}): ${v?.kind}: ${v?.detail} — replay: pnpm sim --seed ${s}${replayFlags}`);
  }
}
const summary = summarise(results);
if (json) console.log(JSON.stringify(summary));
else {
  console.log(summary);
  console.log(`wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(summary.safetyViolations + summary.livenessFailures > 0 ? 1 : 0);

function summarise(rs: SimResult[]) {
  const faults = { crash: 0, byzantine: 0, crashRestart: 0 };
  for (const r of rs) {
    faults.crash += r.faults.crash;
    faults.byzantine += r.faults.byzantine;
    faults.crashRestart += r.faults.crashRestart;
  }
  return {
    seeds: rs.length,
    validators: [...VALIDATOR_COUNTS].filter((n) => rs.some((r) => r.n === n)),
    heights: rs.reduce((a, r) => a + r.heightsDecided, 0),
    safetyViolations: rs.reduce((a, r) => a + r.safetyViolations.length, 0),
    livenessFailures: rs.reduce((a, r) => a + r.livenessFailures.length, 0),
    maxRounds: rs.reduce((a, r) => Math.max(a, r.maxRounds), 0),
    faults,
  };
}
