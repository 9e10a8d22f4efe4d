// test-file-timeout: 600s
// A validator that signs two votes for one slot: every honest node stores the evidence, serves it over
// RPC naming the validator, and still holds it after a restart; the chain goes on without a fork.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TestNetwork } from "./support/networkDsl.js";

const EQUIVOCATOR = 1;

interface RpcEvidence {
  validator: string;
  height: string;
  first: { type: string; round: string; blockHash: string | null };
  second: { type: string; round: string; blockHash: string | null };
}

const keyOf = (e: RpcEvidence): string => `${e.height}/${e.first.round}/${e.first.type}`;

describe("equivocation evidence", { timeout: 600_000 }, () => {
  let net: TestNetwork;

  before(async () => {
    net = await TestNetwork.start({ validators: 4, blockTimeMs: 500, nodeArgs: { [EQUIVOCATOR]: ["--unsafe.equivocate"] } });
  });

  after(async () => {
    await net?.close();
  });

  it("is stored by every honest node, names the validator, and survives a restart", async () => {
    await net.waitForHeight(6, 120_000);
    const { validators } = await net.node(0).call<{ validators: { address: string }[] }>("eigen_validators");
    const culprit = validators[EQUIVOCATOR]?.address ?? "";
    const honest = [0, 2, 3].map((i) => net.node(i));
    for (const node of honest) {
      const evidence = await node.call<RpcEvidence[]>("eigen_getEvidence");
      assert.ok(evidence.length > 0, `${node.name} holds no evidence`);
      for (const e of evidence) {
        assert.equal(e.validator, culprit);
        assert.equal(e.first.type, e.second.type);
        assert.notEqual(e.first.blockHash, e.second.blockHash);
      }
      // Filtered by the culprit: all of it (and perhaps more: it keeps equivocating meanwhile).
      assert.ok((await node.call<RpcEvidence[]>("eigen_getEvidence", [culprit])).length >= evidence.length);
      assert.equal((await node.call<RpcEvidence[]>("eigen_getEvidence", [validators[0]?.address])).length, 0);
    }
    const before = new Set((await net.node(0).call<RpcEvidence[]>("eigen_getEvidence")).map(keyOf));
    await net.node(0).stop();
    net.node(0).start();
    await net.node(0).waitUntilServing();
    const afterRestart = new Set((await net.node(0).call<RpcEvidence[]>("eigen_getEvidence")).map(keyOf));
    for (const key of before) assert.ok(afterRestart.has(key), `evidence ${key} was lost in the restart`);
    const height = await net.node(2).height();
    await net.waitForHeight(height + 2, 120_000);
    await net.assertSameChain(height + 2);
  });
});
