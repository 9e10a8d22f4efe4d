import type { CustomCrypto } from "@ethereumjs/common";
import { loadKZG } from "kzg-wasm";

type Kzg = NonNullable<CustomCrypto["kzg"]>;

/**
 * EIP-4844 KZG for the fixtures, loaded only when a case uses it. ethereumjs refuses to build a
 * blob transaction without a KZG object but calls it only to verify proofs — in the fixtures,
 * only the point-evaluation precompile (0x0a) does. Loading c-kzg's WASM build with the
 * ceremony's trusted setup takes ~20 s, so `kzg` starts as a stand-in: a call before `load()`
 * throws (the precompile then fails) and is remembered, and the runner loads the real thing and
 * runs that case again (`takeMissed`).
 */
export interface LazyKzg {
  readonly kzg: Kzg;
  /** Whether a call failed because KZG was not loaded yet since the last `takeMissed()`. */
  takeMissed(): boolean;
  load(): Promise<void>;
}

export function createLazyKzg(): LazyKzg {
  let real: Kzg | null = null;
  let missed = false;
  let loading: Promise<void> | null = null;
  const call =
    <K extends keyof Kzg>(name: K) =>
    (...args: Parameters<Kzg[K]>): ReturnType<Kzg[K]> => {
      if (real === null) {
        missed = true;
        throw new Error("KZG not loaded yet");
      }
      return (real[name] as (...a: Parameters<Kzg[K]>) => ReturnType<Kzg[K]>)(...args);
    };
  const kzg: Kzg = {
    blobToKzgCommitment: call("blobToKzgCommitment"),
    computeBlobProof: call("computeBlobProof"),
    verifyProof: call("verifyProof"),
    verifyBlobProofBatch: call("verifyBlobProofBatch"),
    computeCells: call("computeCells"),
    computeCellsAndProofs: call("computeCellsAndProofs"),
    recoverCellsAndProofs: call("recoverCellsAndProofs"),
    verifyCellKzgProofBatch: call("verifyCellKzgProofBatch"),
  };
  return {
    kzg,
    takeMissed() {
      const was = missed;
      missed = false;
      return was;
    },
    load() {
      loading ??= loadKZG().then((k) => {
        real = k as unknown as Kzg;
      });
      return loading;
    },
  };
}
