// Block files as geth's `export`/`import` write and read them: blocks as concatenated RLP, split without trusting their content.
/** One block's bytes in a file, with where it starts (for error messages). */
export interface BlockFileEntry {
  /** 0-based position of the block in the file. */
  index: number;
  offset: number;
  bytes: Uint8Array;
}

/**
 * Splits concatenated RLP into items by their length prefixes alone (the content is checked when
 * each block is decoded). A truncated or malformed item ends the listing with an error that names
 * its position and byte offset, after the items before it were yielded.
 */
export function* splitBlockFile(data: Uint8Array): Generator<BlockFileEntry> {
  let offset = 0;
  let index = 0;
  while (offset < data.length) {
    const length = getItemLength(data, offset);
    if (length === null || offset + length > data.length) {
      throw new Error(`item ${index} at byte ${offset} is not a complete RLP list (file truncated or corrupt)`);
    }
    yield { index, offset, bytes: data.subarray(offset, offset + length) };
    offset += length;
    index += 1;
  }
}

/** Total length (prefix included) of the RLP list starting at `offset`, or null if it is not a list. */
function getItemLength(data: Uint8Array, offset: number): number | null {
  const first = data[offset]!;
  if (first < 0xc0) return null;
  if (first <= 0xf7) return 1 + (first - 0xc0);
  const lengthOfLength = first - 0xf7;
  if (offset + 1 + lengthOfLength > data.length) return null;
  let length = 0;
  for (let i = 0; i < lengthOfLength; i++) length = length * 256 + data[offset + 1 + i]!;
  return 1 + lengthOfLength + length;
}
