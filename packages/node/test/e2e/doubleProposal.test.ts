// test-file-timeout: 600s
// A validator that signs two different proposals for one height and round: honest nodes do not fork, the
// chain goes on, and each honest node logs the conflict (proposer, height, round, both hashes) and counts it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ProposerSelector, ValidatorSet } from "@eigenchain/consensus";
import { TestNetwork } from "./support/networkDsl.js";

const DOUBLE_PROPOSER = 2;

interface RpcValidators {
  validators: { address: string; votingPower: string }[];
}

interface ConflictLog {
  msg?: string;
  message?: string;
  proposer?: string;
  height?: number;
  round?: number;
  firstHash?: string;
  secondHash?: string;
}

/** The node's JSON log lines that report conflicting proposals. */
function conflictLines(output: string): ConflictLog[] {
  return output
    .split("\n")
    .filter((line) => line.includes("Conflicting proposals from one proposer"))
    .map((line) => JSON.parse(line.slice(line.indexOf("{"))) as ConflictLog);
}

async function scrapeCounter(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(20_000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

describe("a validator that proposes twice per round", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 500, nodeArgs: { [DOUBLE_PROPOSER]: ["--unsafe.double-propose"] } });
  });

  after(async () => {
    await net?.close();
  });

  it("forks nothing, the chain goes on, and every honest node logs and counts the double proposal", async () => {
    const { validators } = await net.node(0).call<RpcValidators>("eigen_validators");
    const culprit = validators[DOUBLE_PROPOSER]?.address ?? "";
    const proposers = new ProposerSelector(
      new ValidatorSet(validators.map((v) => ({ address: v.address, votingPower: Number(v.votingPower) }))),
    );
    const target = 12;
    await net.waitForHeight(target, 240_000);
    await net.assertSameChain(target);
    const culpritHeights = [];
    for (let h = 1; h <= target; h++) if (proposers.getProposer(h, 0) === culprit) culpritHeights.push(h);
    assert.ok(culpritHeights.length >= 2, `the double proposer proposed round 0 only at ${culpritHeights.join(",")}`);
    assert.match(net.node(DOUBLE_PROPOSER).output(), /Signing a second, different proposal/);
    for (const i of [0, 1, 3]) {
      const node = net.node(i);
      const lines = conflictLines(node.output());
      assert.ok(lines.length > 0, `${node.name} never logged the conflicting proposals`);
      for (const line of lines) {
        assert.equal(line.proposer, culprit);
        const slot = `height ${line.height} round ${line.round}`;
        assert.equal(proposers.getProposer(Number(line.height), Number(line.round)), culprit, `${slot} is not the culprit's`);
        assert.match(line.firstHash ?? "", /^0x[0-9a-f]{64}$/);
        assert.match(line.secondHash ?? "", /^0x[0-9a-f]{64}$/);
        assert.notEqual(line.firstHash, line.secondHash);
      }
      assert.ok(
        (await scrapeCounter(node.url, "eigen_consensus_duplicate_proposals_total")) >= 1,
        `${node.name} counted no double proposal`,
      );
    }
    // Still going after the double proposals, with one chain everywhere.
    const height = await net.node(0).height();
    await net.waitForHeight(height + 2, 120_000);
    await net.assertSameChain(height + 2);
  });
});
