/**
 * `pnpm bench:consensus`: BLS12-381 sign, verify, aggregate and aggregate-verify (same message, as in
 * a commit certificate) for 4, 16 and 100 validators, noble (pure JS) vs blst (native). Prints a
 * Markdown table; `--json` prints JSON. Median of several runs, on whatever this machine gives.
 */
import { availableParallelism, cpus } from "node:os";
import { type BlsBackend, createBlstBlsBackend, createNobleBlsBackend, encodeVoteSignBytes } from "../../src/index.js";

const SIZES = [4, 16, 100];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Milliseconds per call: median over `runs` timed batches of `per` calls. */
function time(fn: () => void, runs: number, per = 1): number {
  fn(); // warm up
  const xs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let i = 0; i < per; i++) fn();
    xs.push((performance.now() - t) / per);
  }
  return median(xs);
}

const message = encodeVoteSignBytes(1n, { type: "precommit", height: 100, round: 0, valueId: `0x${"ab".repeat(32)}`, validator: "" });
const rows: { backend: string; validators: number; signMs: number; verifyMs: number; aggregateMs: number; aggregateVerifyMs: number }[] =
  [];
for (const bls of [createNobleBlsBackend(), createBlstBlsBackend()] as BlsBackend[]) {
  const slow = bls.name === "noble";
  const keys = Array.from({ length: 100 }, (_, i) => createBlstBlsBackend().keygen(new Uint8Array(32).fill(i + 1)));
  const sigs = keys.map((k) => createBlstBlsBackend().sign(k.secretKey, message));
  const k0 = keys[0];
  const s0 = sigs[0];
  if (k0 === undefined || s0 === undefined) throw new Error("unreachable");
  const signMs = time(() => bls.sign(k0.secretKey, message), slow ? 5 : 15, slow ? 2 : 20);
  const verifyMs = time(() => bls.verify(k0.publicKey, message, s0), slow ? 5 : 15, slow ? 1 : 10);
  for (const n of SIZES) {
    const ss = sigs.slice(0, n);
    const pks = keys.slice(0, n).map((k) => k.publicKey);
    const agg = bls.aggregateSignatures(ss);
    const aggregateMs = time(() => bls.aggregateSignatures(ss), slow ? 5 : 15, slow ? 1 : 10);
    const aggregateVerifyMs = time(
      () => {
        if (!bls.aggregateVerify(pks, message, agg)) throw new Error("aggregate did not verify");
      },
      slow ? 5 : 15,
      slow ? 1 : 5,
    );
    rows.push({ backend: bls.name, validators: n, signMs, verifyMs, aggregateMs, aggregateVerifyMs });
  }
}

const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${availableParallelism()} cores, Node ${process.version}`;
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ machine, rows }));
} else {
  console.log(`BLS12-381 on ${machine} (ms per operation, median)`);
  console.log("| backend | validators | sign | verify | aggregate n sigs | aggregate-verify n (same msg) |");
  console.log("|---|---|---|---|---|---|");
  const f = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(3));
  for (const r of rows) {
    console.log(`| ${r.backend} | ${r.validators} | ${f(r.signMs)} | ${f(r.verifyMs)} | ${f(r.aggregateMs)} | ${f(r.aggregateVerifyMs)} |`);
  }
}
