// Picks the BLS backend: native blst, or pure-JS noble where blst does not load.
import type { BlsBackend } from "../interface.js";
import { createBlstBlsBackend } from "./blstBackend.js";
import { createNobleBlsBackend } from "./nobleBackend.js";

export type BlsBackendName = "noble" | "blst";

/**
 * Picks a BLS backend: "blst" (native, default) or "noble" (pure JS). Falls back to noble when the
 * native module cannot load on this platform, unless "blst" was asked for explicitly.
 */
export function createBlsBackend(name?: BlsBackendName): BlsBackend {
  if (name === "noble") return createNobleBlsBackend();
  try {
    return createBlstBlsBackend();
  } catch (err) {
    if (name === "blst") throw err;
    return createNobleBlsBackend();
  }
}
