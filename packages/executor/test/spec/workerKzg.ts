import { loadKZG } from "kzg-wasm";

/**
 * The fixtures' KZG for the parallel executor's worker threads (`workerKzgModule`): each worker
 * loads c-kzg's WASM build with the trusted setup itself, before it takes any work.
 */
export default function loadWorkerKzg(): Promise<unknown> {
  return loadKZG();
}
