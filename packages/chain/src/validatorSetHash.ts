// The hash a header commits to: the validator set that signs the next height.
import { RLP } from "@ethereumjs/rlp";
import { bigIntToBytes } from "@ethereumjs/util";
import type { GenesisValidator } from "./genesis.js";
import { keccak256 } from "./hash.js";

/**
 * keccak256(RLP([[blsPublicKey, power], …])) in set order (the signer-bitmap order of commit
 * certificates). Every header carries it in `extraData`, a field Ethereum tools show but ignore, so
 * a light client or a contract can check a commit certificate from headers alone.
 */
export function computeValidatorSetHash(validators: readonly Pick<GenesisValidator, "blsPublicKey" | "power">[]): Uint8Array {
  return keccak256(RLP.encode(validators.map((v) => [v.blsPublicKey, bigIntToBytes(v.power)])));
}
