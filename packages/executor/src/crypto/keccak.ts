// Keccak-256 for the executor's hot paths: chain's (native addon, noble as fallback), under the executor's name.
import { keccak256, keccak256Js } from "@eigenchain/chain";

/** Keccak-256 of one byte string. */
export type KeccakFn = (data: Uint8Array) => Uint8Array;

/** The pure-JS keccak (noble), for tests that compare the two. */
export const keccakJs: KeccakFn = keccak256Js;

/** Native keccak with the noble implementation as fallback. */
export const keccak: KeccakFn = keccak256;
