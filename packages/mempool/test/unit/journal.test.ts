// The file journal: buffered appends through one handle, flushes, rotation, crash shapes.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createFileTxJournal } from "../../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "eigen-journal-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const nextPath = () => join(dir, `journal-${files++}.jsonl`);
const raw = (n: number) => new Uint8Array([0x02, n, n + 1]);
const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter(Boolean);
const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

describe("file journal", () => {
  it("buffers appends and writes them in one go at the flush interval", async () => {
    const path = nextPath();
    const journal = createFileTxJournal(path, { flushIntervalMs: 50 });
    for (let i = 0; i < 100; i++) journal.append(raw(i));
    await new Promise((r) => setTimeout(r, 10));
    assert.throws(() => readFileSync(path), /ENOENT/, "nothing is written before the interval");
    // The interval's write runs on libuv's threads: on a loaded machine it can land well after 50 ms.
    const deadline = Date.now() + 10_000;
    while (sizeOf(path) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(lines(path).length, 100, "the first write holds every append");
    assert.deepEqual(
      await journal.load(),
      Array.from({ length: 100 }, (_, i) => raw(i)),
    );
    await journal.close();
  });

  it("creates the file readable by its owner only", async () => {
    const path = nextPath();
    const journal = createFileTxJournal(path);
    journal.append(raw(1));
    await journal.flush();
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await journal.close();
  });

  it("flush and close write what is buffered, in append order", async () => {
    const path = nextPath();
    const journal = createFileTxJournal(path, { flushIntervalMs: 60_000 });
    journal.append(raw(1));
    await journal.flush();
    journal.append(raw(2));
    journal.append(raw(3));
    await journal.close();
    assert.deepEqual(await createFileTxJournal(path).load(), [raw(1), raw(2), raw(3)]);
  });

  it("a rotation replaces the file and supersedes the buffer; later appends follow it", async () => {
    const path = nextPath();
    const journal = createFileTxJournal(path, { flushIntervalMs: 60_000 });
    journal.append(raw(1));
    await journal.flush();
    journal.append(raw(2)); // buffered, then superseded: the rotation lists what is still pooled
    await journal.rotate([raw(7), raw(8)]);
    journal.append(raw(9));
    await journal.close();
    assert.deepEqual(await createFileTxJournal(path).load(), [raw(7), raw(8), raw(9)]);
  });

  it("skips a torn last line and junk lines on load", async () => {
    const path = nextPath();
    writeFileSync(path, `"0x020102"\nnot json\n42\n"0xzz"\n"0x0203`);
    assert.deepEqual(await createFileTxJournal(path).load(), [raw(1)]);
  });

  it("loads nothing when there is no file", async () => {
    assert.deepEqual(await createFileTxJournal(nextPath()).load(), []);
  });
});
