// eigen_ namespace: the validator set, commit certificates and equivocation evidence.
import type { DuplicateVoteEvidence, SignedVote } from "@eigenchain/consensus";
import { resolveBlock } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { toData, toQuantity } from "../format.js";
import { expectParams, readBlockSelector } from "../params.js";
import { registerDashboardMethods } from "./dashboard.js";

function formatVote(vote: SignedVote) {
  return {
    type: vote.type,
    height: toQuantity(vote.height),
    round: toQuantity(vote.round),
    blockHash: vote.valueId,
    validator: vote.validator,
    signature: toData(vote.signature),
  };
}

function formatEvidence(evidence: DuplicateVoteEvidence) {
  return {
    validator: evidence.validator,
    height: toQuantity(evidence.first.height),
    first: formatVote(evidence.first),
    second: formatVote(evidence.second),
  };
}

export function registerEigenMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  registerDashboardMethods(rpc, ctx);
  rpc.add("eigen_validators", (params) => {
    expectParams(params, 0, 0);
    const validators = ctx.network.getValidators();
    const totalPower = validators.reduce((sum, v) => sum + v.votingPower, 0);
    return {
      totalVotingPower: toQuantity(totalPower),
      validators: validators.map((v, index) => ({
        index,
        address: v.address,
        votingPower: toQuantity(v.votingPower),
        blsPublicKey: v.publicKey === undefined ? null : toData(v.publicKey),
      })),
    };
  });

  rpc.add("eigen_getCommitCertificate", async (params) => {
    expectParams(params, 1, 1);
    const block = await resolveBlock(ctx, readBlockSelector(params[0], 0));
    if (block === undefined) return null;
    const certificate = await ctx.network.getCertificate(block.header.number);
    if (certificate === undefined) return null;
    return {
      height: toQuantity(certificate.height),
      round: toQuantity(certificate.round),
      blockHash: certificate.blockHash,
      signature: toData(certificate.signature),
      signers: toData(certificate.signers),
    };
  });

  rpc.add("eigen_getEvidence", (params) => {
    expectParams(params, 0, 1);
    const validator = params[0];
    const all = ctx.network.getEvidence();
    return (typeof validator === "string" ? all.filter((e) => e.validator === validator.toLowerCase()) : all).map(formatEvidence);
  });
}
