import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { FileConsensusWal, type SignedVote } from "../../src/index.js";
import { createScenario } from "./scenario.js";
import { runSimulation } from "./simulation.js";

const dir = mkdtempSync(join(tmpdir(), "eigen-restart-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Outputs a validator executes in its first height or two: every step of a round is a crash point. */
const CRASH_POINTS = 40;

describe("crash and restart from the WAL", () => {
  for (const walKind of ["memory", "file"] as const) {
    it(`${walKind} WAL: crashed before each of its first ${CRASH_POINTS} outputs, a validator never signs two different votes for one slot`, () => {
      let crashesWithSignedVotes = 0;
      for (let k = 1; k <= CRASH_POINTS; k++) {
        for (const node of [0, 1]) {
          const signed = new Map<string, SignedVote[]>();
          const base = createScenario(1000 + k, { n: 4 });
          const sc = {
            ...base,
            gstMs: 800,
            faults: [{ node, kind: "crashRestart" as const, afterOutputs: k, downMs: 150 + 37 * k }],
          };
          const r = runSimulation(sc, {
            ...(walKind === "file" ? { createWal: (i: number) => new FileConsensusWal(join(dir, `k${k}-n${node}-v${i}.wal`)) } : {}),
            onSign: (i, vote) => {
              if (i !== node) return;
              const key = `${vote.height}/${vote.round}/${vote.type}`;
              signed.set(key, [...(signed.get(key) ?? []), vote]);
            },
          });
          for (const [key, votes] of signed) {
            const values = new Set(votes.map((v) => v.valueId));
            assert.equal(values.size, 1, `k=${k} node=${node}: conflicting votes for ${key}`);
            if (votes.length > 1) crashesWithSignedVotes++;
          }
          assert.deepEqual(r.safetyViolations, [], `k=${k}`);
          assert.deepEqual(r.livenessFailures, [], `k=${k}`);
        }
      }
      // Some crash points fall between "persist" and "sign": the restarted node re-sends the same vote.
      assert.ok(crashesWithSignedVotes > 0);
    });
  }
});
