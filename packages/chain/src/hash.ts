// Keccak-256 as Ethereum uses it: WebAssembly (hash-wasm) first, the native addon (`keccak`) next, noble's pure JS last.
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

/**
 * hash-wasm's keccak compiled to WebAssembly: ~1.0 µs for 32–110 bytes against the addon's ~2.1 µs on
 * these machines (the addon crosses N-API four times a hash: initialize, absorb, pad, squeeze; a
 * WebAssembly call costs little more than a JS one), ~2.8 against ~4.0 µs for a 532-byte trie node.
 */
async function loadWasmKeccak(): Promise<((data: Uint8Array) => Uint8Array) | null> {
  try {
    const { createKeccak } = await import("hash-wasm");
    // One instance per thread: every call runs to completion synchronously.
    const hasher = await createKeccak(256);
    return (data) => {
      hasher.init();
      hasher.update(data);
      return hasher.digest("binary");
    };
  } catch {
    return null;
  }
}

const wasmKeccak = await loadWasmKeccak();
const nativeKeccak = wasmKeccak === null ? loadNativeKeccak() : null;

/**
 * Keccak-256 as Ethereum uses it (not NIST SHA3-256): WebAssembly, the native addon where that does
 * not load, noble where neither does. All give the same bytes (tests compare them).
 */
export const keccak256: (data: Uint8Array) => Uint8Array = wasmKeccak ?? nativeKeccak ?? keccak256Js;

/** Which implementation `keccak256` is. */
export const keccak256Backend: "wasm" | "native" | "js" = wasmKeccak !== null ? "wasm" : nativeKeccak !== null ? "native" : "js";
