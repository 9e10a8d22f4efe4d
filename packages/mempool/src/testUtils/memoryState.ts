// An in-memory state reader for the pool's tests and simulations.
import { bytesToHex } from "@ethereumjs/util";
import type { PoolStateReader } from "../interface.js";

/** An in-memory `PoolStateReader` for tests and simulations: nonces and balances by address. */
export class MemoryPoolState implements PoolStateReader {
  private readonly accounts = new Map<string, { nonce: bigint; balance: bigint }>();

  constructor(private readonly defaultBalance = 0n) {}

  set(address: Uint8Array | string, account: { nonce?: bigint; balance?: bigint }): this {
    const key = typeof address === "string" ? address.toLowerCase() : bytesToHex(address);
    const current = this.accounts.get(key) ?? { nonce: 0n, balance: this.defaultBalance };
    this.accounts.set(key, { nonce: account.nonce ?? current.nonce, balance: account.balance ?? current.balance });
    return this;
  }

  /** An independent copy (the state after a block, while the pool still holds the old one). */
  clone(): MemoryPoolState {
    const copy = new MemoryPoolState(this.defaultBalance);
    for (const [k, v] of this.accounts) copy.accounts.set(k, { ...v });
    return copy;
  }

  getNonce(address: Uint8Array): Promise<bigint> {
    return Promise.resolve(this.accounts.get(bytesToHex(address))?.nonce ?? 0n);
  }

  getBalance(address: Uint8Array): Promise<bigint> {
    return Promise.resolve(this.accounts.get(bytesToHex(address))?.balance ?? this.defaultBalance);
  }
}
