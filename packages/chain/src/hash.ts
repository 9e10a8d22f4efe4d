// Keccak-256 as Ethereum uses it: the native addon (`keccak`) when it loads, noble's pure JS otherwise.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { keccak_256 } from "@noble/hashes/sha3.js";

interface NativeKeccakState {
  initialize(rate: number, capacity: number): void;
  absorb(data: Buffer): void;
  absorbLastFewBits(bits: number): void;
  squeeze(length: number): Buffer;
}

/** The pure-JS keccak (noble): ~20 µs for a 500-byte trie node on these machines. */
export function keccak256Js(data: Uint8Array): Uint8Array {
  return keccak_256(data);
}

function loadNativeKeccak(): ((data: Uint8Array) => Uint8Array) | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve("keccak"));
    const nodeGypBuild = require(require.resolve("node-gyp-build", { paths: [dir] })) as (d: string) => unknown;
    const State = nodeGypBuild(dir) as new () => NativeKeccakState;
    const state = new State();
    // The native state object is reused (one per thread; every call runs to completion synchronously).
    // Calling the addon directly skips keccak's stream wrapper, which costs more than the hash itself.
    return (data) => {
      state.initialize(1088, 512);
      state.absorb(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      state.absorbLastFewBits(1);
      const out = state.squeeze(32);
      return new Uint8Array(out.buffer, out.byteOffset, 32);
    };
  } catch {
    return null;
  }
}

const nativeKeccak = loadNativeKeccak();

/**
 * Keccak-256 as Ethereum uses it (not NIST SHA3-256): native (~3 µs for a 500-byte node), noble as
 * the fallback where the addon does not load. Both give the same bytes (tests compare them).
 */
export const keccak256: (data: Uint8Array) => Uint8Array = nativeKeccak ?? keccak256Js;

/** Which implementation `keccak256` is. */
export const keccak256Backend: "native" | "js" = nativeKeccak === null ? "js" : "native";
