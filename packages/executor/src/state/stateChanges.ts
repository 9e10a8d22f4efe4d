// A block's net effect on the state: what the executors produce and the state store hashes into a new root.
import type { AccountData } from "./account.js";

/** A block's net effect on the state, keyed by lower-case hex without 0x. */
export interface StateChanges {
  /** Final account per address (20-byte hex); null = deleted. */
  accounts: Map<string, AccountData | null>;
  /** Storage writes per address: 32-byte slot hex → value with leading zeros stripped (empty = zero). */
  storage: Map<string, Map<string, Uint8Array>>;
  /** Addresses whose storage was wiped (creation, self-destruct); `storage` holds what came after. */
  cleared: Set<string>;
  /** New code by code hash. */
  code: Map<string, Uint8Array>;
}

export function createEmptyChanges(): StateChanges {
  return { accounts: new Map(), storage: new Map(), cleared: new Set(), code: new Map() };
}
