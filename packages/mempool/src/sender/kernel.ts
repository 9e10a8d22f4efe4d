// Sender recovery's pure kernel: one public key from a signature, packed batches, the ethereumjs ecrecover seam.
import { loadNativeSecp256k1 } from "@eigenchain/chain";
import { bytesToBigInt, ecrecover as jsEcrecover, SECP256K1_ORDER_DIV_2 } from "@ethereumjs/util";
import type { EcrecoverBackend, RecoveryJob, RecoveryResult } from "./types.js";
import { JOB_BYTES, RESULT_BYTES } from "./types.js";

export function isNativeAvailable(): boolean {
  return loadNativeSecp256k1() !== null;
}

function pad32(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 32) return bytes;
  const out = new Uint8Array(32);
  out.set(bytes.subarray(Math.max(0, bytes.length - 32)), Math.max(0, 32 - bytes.length));
  return out;
}

/** Recovers one uncompressed public key (64 bytes, no 0x04 prefix). Throws on a bad signature. */
function recoverPublicKey(job: RecoveryJob, backend: EcrecoverBackend): Uint8Array {
  if (job.recovery !== 0 && job.recovery !== 1) throw new Error("invalid recovery id");
  // EIP-2: libsecp256k1 and noble both recover from a high s; Ethereum refuses it since Homestead.
  if (bytesToBigInt(job.s) > SECP256K1_ORDER_DIV_2) throw new Error("invalid signature: s above secp256k1n/2");
  if (backend === "native") {
    const lib = loadNativeSecp256k1();
    if (lib !== null) {
      const sig = new Uint8Array(64);
      sig.set(pad32(job.r), 0);
      sig.set(pad32(job.s), 32);
      return lib.ecdsaRecover(sig, job.recovery, pad32(job.msgHash), false).subarray(1);
    }
  }
  return jsEcrecover(job.msgHash, BigInt(job.recovery + 27), job.r, job.s);
}

/**
 * The `customCrypto.ecrecover` seam of ethereumjs (`createChainCommon(chainId, { ecrecover })`):
 * native libsecp256k1 where it loads, else ethereumjs's own pure-JS recovery.
 */
export function createEcrecover(
  backend: EcrecoverBackend,
): (msgHash: Uint8Array, v: bigint, r: Uint8Array, s: Uint8Array, chainId?: bigint) => Uint8Array {
  if (backend === "js" || !isNativeAvailable()) return jsEcrecover;
  return (msgHash, v, r, s, chainId) => {
    const recovery = chainId === undefined ? Number(v - 27n) : Number(v - (chainId * 2n + 35n));
    return recoverPublicKey({ msgHash, r, s, recovery }, "native");
  };
}

export function recoverOne(job: RecoveryJob, backend: EcrecoverBackend): RecoveryResult {
  try {
    return { code: "success", result: recoverPublicKey(job, backend) };
  } catch (err) {
    return { code: "error", error: (err as Error).message };
  }
}

/** Packs jobs back to back: hash, r, s (each 32 bytes, left-padded), recovery id. */
export function packJobs(jobs: readonly RecoveryJob[]): Uint8Array {
  const out = new Uint8Array(jobs.length * JOB_BYTES);
  jobs.forEach((job, i) => {
    const o = i * JOB_BYTES;
    out.set(pad32(job.msgHash), o);
    out.set(pad32(job.r), o + 32);
    out.set(pad32(job.s), o + 64);
    out[o + 96] = job.recovery;
  });
  return out;
}

function unpackJob(buf: Uint8Array, i: number): RecoveryJob {
  const o = i * JOB_BYTES;
  return {
    msgHash: buf.subarray(o, o + 32),
    r: buf.subarray(o + 32, o + 64),
    s: buf.subarray(o + 64, o + 96),
    recovery: buf[o + 96] as number,
  };
}

/** Recovers every packed job; a failed item gets status 0 and is retried alone by the caller. */
export function recoverPacked(jobs: Uint8Array, count: number, backend: EcrecoverBackend): Uint8Array {
  const out = new Uint8Array(count * RESULT_BYTES);
  for (let i = 0; i < count; i++) {
    const result = recoverOne(unpackJob(jobs, i), backend);
    if (result.code === "success") {
      out[i * RESULT_BYTES] = 1;
      out.set(result.result, i * RESULT_BYTES + 1);
    }
  }
  return out;
}
