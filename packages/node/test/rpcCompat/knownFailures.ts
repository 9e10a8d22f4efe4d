// The pinned known failures of the conformance suite (knownFailures.json: file → reason) and the check that keeps the list exact.
import { readFileSync } from "node:fs";
import type { RpcCompatResult } from "./rpcCompat.js";

/** `method/name.io` → one short reason why it fails today. */
export type KnownFailures = Record<string, string>;

export function loadKnownFailures(): KnownFailures {
  return JSON.parse(readFileSync(new URL("./knownFailures.json", import.meta.url), "utf8")) as KnownFailures;
}

/**
 * Failures that are not pinned (regressions) and pinned files that pass now (the list went stale).
 * Pinned files absent from the run (a smaller copy of the suite) are neither.
 */
export function compareWithKnownFailures(
  results: readonly RpcCompatResult[],
  known: KnownFailures,
): { unexpectedFailures: string[]; unexpectedPasses: string[] } {
  const unexpectedFailures: string[] = [];
  const unexpectedPasses: string[] = [];
  for (const r of results) {
    const pinned = Object.hasOwn(known, r.file);
    if (!r.passed && !pinned) unexpectedFailures.push(r.file);
    if (r.passed && pinned) unexpectedPasses.push(r.file);
  }
  return { unexpectedFailures, unexpectedPasses };
}
