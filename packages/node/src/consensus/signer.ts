// BLS signing of this validator's votes and proposals, and signature checks of everyone else's.
import type { BlsBackend, Proposal, SignedProposal, SignedVote, ValidatorKey, ValidatorSet, Vote } from "@eigenchain/consensus";
import { signProposal, signVote, verifyProposalSignature, verifyVoteSignature } from "@eigenchain/consensus";

export interface ConsensusSignerModules {
  bls: BlsBackend;
  validatorSet: ValidatorSet;
  /** This node's key; null on a full node, which checks but never signs. */
  key: ValidatorKey | null;
}

/** Signs with the validator's key and checks signatures against the validator set's public keys. */
export class ConsensusSigner {
  constructor(
    private readonly chainId: bigint,
    private readonly modules: ConsensusSignerModules,
  ) {}

  get address(): string | null {
    return this.modules.key?.address ?? null;
  }

  signVote(vote: Vote): SignedVote {
    return signVote(this.modules.bls, this.chainId, this.requireKey().getSecretKey(), vote);
  }

  signProposal(proposal: Proposal): SignedProposal {
    return signProposal(this.modules.bls, this.chainId, this.requireKey().getSecretKey(), proposal);
  }

  /** False for an unknown validator or a bad signature. */
  verifyVote(vote: SignedVote): boolean {
    const publicKey = this.getPublicKey(vote.validator);
    return publicKey !== undefined && verifyVoteSignature(this.modules.bls, this.chainId, publicKey, vote);
  }

  verifyProposal(proposal: SignedProposal): boolean {
    const publicKey = this.getPublicKey(proposal.proposer);
    return publicKey !== undefined && verifyProposalSignature(this.modules.bls, this.chainId, publicKey, proposal);
  }

  private getPublicKey(address: string): Uint8Array | undefined {
    const { validatorSet } = this.modules;
    return validatorSet.validators[validatorSet.indexOf(address)]?.publicKey;
  }

  private requireKey(): ValidatorKey {
    if (this.modules.key === null) throw new Error("this node has no validator key");
    return this.modules.key;
  }
}
