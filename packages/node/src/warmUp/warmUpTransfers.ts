// The JIT warm-up's chain and load: a dev genesis funding throwaway senders, and their signed EIP-1559 transfers.
import { keccak256, signHash } from "@eigenchain/chain";
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, bytesToHex, concatBytes, intToUnpaddedBytes, privateToAddress, unpadBytes } from "@ethereumjs/util";

/** Not any network's id: nothing signed here is valid anywhere else. */
export const WARM_UP_CHAIN_ID = 0x7a7a7a;
const EIP1559_TYPE = 2;
const TRANSFER_GAS = 21_000n;
const MAX_FEE_PER_GAS = 100_000_000_000n;
const MAX_PRIORITY_FEE_PER_GAS = 1_000_000_000n;
const RECIPIENTS = 256;

export interface WarmUpSender {
  key: Uint8Array;
  address: string;
}

/** `count` keys derived from a fixed label: public, and funded only on the warm-up's own chain. */
export function createWarmUpSenders(count: number): WarmUpSender[] {
  return Array.from({ length: count }, (_, i) => {
    const key = keccak256(new TextEncoder().encode(`eigenchain jit warm-up sender ${i}`));
    return { key, address: bytesToHex(privateToAddress(key)) };
  });
}

/** A development genesis (no validators) with a 30M gas limit that funds the senders. */
export function createWarmUpGenesis(senders: readonly WarmUpSender[]): string {
  const alloc = Object.fromEntries(senders.map((sender) => [sender.address, { balance: "0xd3c21bcecceda1000000" }]));
  return JSON.stringify({
    config: { chainId: WARM_UP_CHAIN_ID },
    gasLimit: "0x1c9c380",
    baseFeePerGas: "0x3b9aca00",
    timestamp: "0x0",
    extraData: "0x",
    coinbase: `0x${"00".repeat(20)}`,
    alloc,
  });
}

/**
 * `count` raw transfers of 1 wei, round-robin over the senders with nonces from 0, to 256
 * recipients. Encoded and signed here (RLP and native signing) rather than through ethereumjs's
 * transaction objects, which cost ~0.8 ms a transfer on a cold process.
 */
export function signWarmUpTransfers(senders: readonly WarmUpSender[], count: number): string[] {
  const raws: string[] = [];
  for (let n = 0; n < count; n++) {
    const sender = senders[n % senders.length]!;
    const recipient = new Uint8Array(20);
    recipient[0] = 0xee;
    recipient[19] = n % RECIPIENTS;
    const fields = [
      intToUnpaddedBytes(WARM_UP_CHAIN_ID),
      intToUnpaddedBytes(Math.floor(n / senders.length)),
      bigIntToUnpaddedBytes(MAX_PRIORITY_FEE_PER_GAS),
      bigIntToUnpaddedBytes(MAX_FEE_PER_GAS),
      bigIntToUnpaddedBytes(TRANSFER_GAS),
      recipient,
      intToUnpaddedBytes(1),
      new Uint8Array(0),
      [],
    ];
    const type = Uint8Array.of(EIP1559_TYPE);
    const { r, s, recid } = signHash(keccak256(concatBytes(type, RLP.encode(fields))), sender.key);
    raws.push(bytesToHex(concatBytes(type, RLP.encode([...fields, intToUnpaddedBytes(recid), unpadBytes(r), unpadBytes(s)]))));
  }
  return raws;
}
