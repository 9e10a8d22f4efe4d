// The genesis validators as consensus sees them: addresses, powers, keys checked by proof of possession.
import type { Genesis } from "@eigenchain/chain";
import type { BlsBackend } from "@eigenchain/consensus";
import { getValidatorAddress, ValidatorSet, verifyProofOfPossession } from "@eigenchain/consensus";
import { createNodeError } from "../errors.js";

/**
 * The validator set of a genesis with validators (null for a development chain without any). Every key
 * must come with a valid proof of possession: commit certificates aggregate signatures over one
 * message, which is only safe against rogue keys when each key is proven.
 */
export function createGenesisValidatorSet(genesis: Genesis, bls: BlsBackend): ValidatorSet | null {
  if (genesis.validators.length === 0) return null;
  const validators = genesis.validators.map((v, i) => {
    const where = `genesis validators[${i}] (${v.name})`;
    if (v.proofOfPossession === undefined) {
      throw createNodeError({ code: "NODE_GENESIS_VALIDATORS", index: i }, `${where} has no proofOfPossession`);
    }
    if (!verifyProofOfPossession(bls, v.blsPublicKey, v.proofOfPossession)) {
      throw createNodeError({ code: "NODE_GENESIS_VALIDATORS", index: i }, `${where}: the proof of possession does not verify`);
    }
    if (v.power > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw createNodeError({ code: "NODE_GENESIS_VALIDATORS", index: i }, `${where}: voting power too large`);
    }
    return { address: getValidatorAddress(v.blsPublicKey), votingPower: Number(v.power), publicKey: v.blsPublicKey };
  });
  try {
    return new ValidatorSet(validators);
  } catch (err) {
    throw createNodeError({ code: "NODE_GENESIS_VALIDATORS", index: -1 }, `genesis validators: ${(err as Error).message}`, err);
  }
}
