// eth_getProof (EIP-1186): an account and storage slots with the Merkle proofs that tie them to a block's state root.
import { getAccountProof } from "@eigenchain/executor";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { createInvalidParamsError } from "../errors.js";
import { toData, toQuantity } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readAddress, readHash, readOptionalBlockSelector } from "../params.js";

/** Storage keys one eth_getProof may prove (each is a trie walk): the same bound as eth_getStorageValues. */
export const MAX_PROOF_KEYS = 1024;

function readStorageKeys(value: unknown): { text: string; key: Uint8Array }[] {
  if (!Array.isArray(value)) throw createInvalidParamsError("invalid argument 1: expected an array of storage keys");
  if (value.length > MAX_PROOF_KEYS) throw createInvalidParamsError(`invalid argument 1: too many storage keys (max ${MAX_PROOF_KEYS})`);
  return value.map((text) => ({ text: text as string, key: readHash(text, 1) }));
}

export function registerEthProofMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_getProof", async (params) => {
    expectParams(params, 2, 3);
    const address = readAddress(params[0], 0);
    const keys = readStorageKeys(params[1]);
    const block = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[2], 2));
    const proof = await runHeavy(ctx, () =>
      getAccountProof(
        ctx.stateStore,
        block.header.stateRoot,
        address,
        keys.map((k) => k.key),
      ),
    );
    return {
      address: toData(address),
      accountProof: proof.accountProof.map(toData),
      balance: toQuantity(proof.account.balance),
      codeHash: toData(proof.account.codeHash),
      nonce: toQuantity(proof.account.nonce),
      storageHash: toData(proof.account.storageRoot),
      storageProof: proof.storageProof.map((s, i) => ({
        key: keys[i]!.text,
        value: toQuantity(s.value),
        proof: s.proof.map(toData),
      })),
    };
  });
}
