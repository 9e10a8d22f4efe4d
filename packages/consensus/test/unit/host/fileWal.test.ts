import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { type ConsensusWal, crc32, createRoundState, FileConsensusWal, MemoryConsensusWal, type WalEntry } from "../../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eigen-wal-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const state = (height: number, round: number) => ({ ...createRoundState(height), round, step: "prevote" as const });
const entries: WalEntry[] = [
  { type: "state", state: state(1, 0) },
  { type: "vote", vote: { type: "prevote", height: 1, round: 0, valueId: null, validator: "a" }, state: state(1, 0) },
  { type: "decision", height: 1, round: 0, valueId: "0x01" },
  { type: "state", state: state(2, 0) },
];

describe("consensus WAL", () => {
  it("crc32 matches the IEEE check value", () => {
    assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  });

  for (const [name, make] of [
    ["memory", () => new MemoryConsensusWal()],
    ["file", () => new FileConsensusWal(join(dir, `w-${Math.random()}.wal`))],
  ] as [string, () => ConsensusWal][]) {
    it(`${name}: appends, reads back in order and prunes below a height`, () => {
      const wal = make();
      for (const e of entries) wal.append(e);
      assert.deepEqual(wal.readAll(), entries);
      wal.pruneBelow(2);
      assert.deepEqual(wal.readAll(), entries.slice(3));
      wal.close();
    });
  }

  it("file: survives reopening and pruning, file mode 0600", () => {
    const path = join(dir, "reopen.wal");
    const wal = new FileConsensusWal(path);
    for (const e of entries) wal.append(e);
    wal.pruneBelow(2);
    wal.append(entries[0] as WalEntry);
    wal.close();
    assert.deepEqual(new FileConsensusWal(path).readAll(), [entries[3], entries[0]]);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });

  it("file: a torn last record is dropped and cut off, later appends are readable", () => {
    const path = join(dir, "torn.wal");
    const wal = new FileConsensusWal(path);
    for (const e of entries) wal.append(e);
    wal.close();
    const size = statSync(path).size;
    for (const cut of [1, 5, 9, 20]) {
      const p = join(dir, `torn-${cut}.wal`);
      appendFileSync(p, readFileSync(path).subarray(0, size - cut));
      const reopened = new FileConsensusWal(p);
      assert.deepEqual(reopened.readAll(), entries.slice(0, 3), `cut ${cut}`);
      assert.ok(reopened.cutBytes > 0, `cut ${cut}: no torn bytes reported`);
      assert.equal(statSync(p).size, size - cut - reopened.cutBytes, `cut ${cut}: the file ends at the last complete record`);
      reopened.append(entries[0] as WalEntry);
      reopened.close();
      assert.deepEqual(new FileConsensusWal(p).readAll(), [...entries.slice(0, 3), entries[0]]);
    }
    // Garbage (a bad checksum) after good records is treated the same way.
    appendFileSync(path, Uint8Array.of(0, 0, 0, 4, 1, 2, 3, 4, 9, 9, 9, 9));
    const repaired = new FileConsensusWal(path);
    assert.deepEqual(repaired.readAll(), entries);
    assert.equal(repaired.cutBytes, 12);
    repaired.close();
    assert.equal(new FileConsensusWal(path).cutBytes, 0);
    truncateSync(path, 3);
    assert.deepEqual(new FileConsensusWal(path).readAll(), []);
  });
});
