// The original design's PARALLEL / SEQUENTIAL data tags.
/**
 * Tags from the original design: transaction data prefixed with the ASCII bytes `PARALLEL` or
 * `SEQUENTIAL`. They are hints to the batch builder. `SEQUENTIAL` isolates a transaction in a batch
 * of its own; `PARALLEL` says the sender expects no conflicts but never overrides a conflict the
 * pool detects. The prefix is part of the calldata the EVM sees, so tag plain transfers or calls
 * to contracts whose fallback expects it.
 */
export type TxTag = "parallel" | "sequential" | "none";

export const PARALLEL_PREFIX: Uint8Array = Uint8Array.from("PARALLEL", (c) => c.charCodeAt(0));
export const SEQUENTIAL_PREFIX: Uint8Array = Uint8Array.from("SEQUENTIAL", (c) => c.charCodeAt(0));

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

export function getTxTag(data: Uint8Array): TxTag {
  if (startsWith(data, PARALLEL_PREFIX)) return "parallel";
  if (startsWith(data, SEQUENTIAL_PREFIX)) return "sequential";
  return "none";
}

/** The data with `tag`'s prefix in front (an existing tag prefix is replaced, never doubled). */
export function tagData(data: Uint8Array, tag: Exclude<TxTag, "none">): Uint8Array {
  const current = getTxTag(data);
  const body =
    current === "parallel"
      ? data.subarray(PARALLEL_PREFIX.length)
      : current === "sequential"
        ? data.subarray(SEQUENTIAL_PREFIX.length)
        : data;
  const prefix = tag === "parallel" ? PARALLEL_PREFIX : SEQUENTIAL_PREFIX;
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}
