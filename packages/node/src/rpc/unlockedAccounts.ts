// The devnet's unlocked accounts (anvil's and Hardhat's): keys the node signs with for eth_sendTransaction and the eth_sign family.
import { keccak256, signHash } from "@eigenchain/chain";
import { bytesToHex, concatBytes, hexToBytes } from "@ethereumjs/util";

/**
 * Accounts this node holds keys for and signs with on request. Only a development chain has any
 * (`eigenchain devnet`, or `start --dev.unlocked`): the keys are the public test mnemonic's, so
 * anything they sign on a real network is anyone's.
 */
export class UnlockedAccounts {
  private readonly keys = new Map<string, Uint8Array>();
  private readonly addresses: string[] = [];

  constructor(accounts: readonly { address: string; privateKey: string }[]) {
    for (const { address, privateKey } of accounts) {
      this.keys.set(address.toLowerCase(), hexToBytes(privateKey as `0x${string}`));
      this.addresses.push(address);
    }
  }

  /** As listed (checksummed), for eth_accounts. */
  list(): string[] {
    return [...this.addresses];
  }

  getKey(address: Uint8Array): Uint8Array | undefined {
    return this.keys.get(bytesToHex(address));
  }

  /** A 65-byte signature r ‖ s ‖ v (v = 27 or 28) of a 32-byte digest, as eth_sign returns it. */
  signDigest(key: Uint8Array, digest: Uint8Array): Uint8Array {
    const { r, s, recid } = signHash(digest, key);
    return concatBytes(r, s, Uint8Array.of(27 + recid));
  }

  /** EIP-191 personal message: keccak256("\x19Ethereum Signed Message:\n" ‖ len ‖ message), signed. */
  signMessage(key: Uint8Array, message: Uint8Array): Uint8Array {
    const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${message.length}`);
    return this.signDigest(key, keccak256(concatBytes(prefix, message)));
  }
}
