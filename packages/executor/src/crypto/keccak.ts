// Keccak-256 for the executor's hot paths: chain's (WebAssembly, the native addon or noble), under the executor's name.
import { keccak256, keccak256Js } from "@eigenchain/chain";

/** Keccak-256 of one byte string. */
export type KeccakFn = (data: Uint8Array) => Uint8Array;

/** The pure-JS keccak (noble), for tests that compare the two. */
export const keccakJs: KeccakFn = keccak256Js;

/** Chain's fastest keccak (see chain's hash.ts). */
export const keccak: KeccakFn = keccak256;
