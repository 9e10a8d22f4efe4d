import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Block } from "@eigenchain/chain";
import { createChainBlock, createChainCommon, decodeTransaction, EigenError } from "@eigenchain/chain";
import type { SignedProposal, SignedVote } from "@eigenchain/consensus";
import { createBlsBackend, encodeSignedVote, generateValidatorKey, signProposal, signVote, ValidatorSet } from "@eigenchain/consensus";
import type { Mempool } from "@eigenchain/mempool";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { ConsensusSigner } from "../../../src/consensus/signer.js";
import type { ConsensusInbox, GossipHandlersModules } from "../../../src/network/gossipHandlers.js";
import {
  validateGossipProposal,
  validateGossipTransaction,
  validateGossipTransactions,
  validateGossipVote,
} from "../../../src/network/gossipHandlers.js";
import { encodeProposalMessage, encodeTxBatch } from "../../../src/network/messages.js";

const CHAIN_ID = 57710n;
const bls = createBlsBackend();
const keys = [0, 1].map((i) => generateValidatorKey({ seed: new Uint8Array(32).fill(10 + i), bls }));
const outsider = generateValidatorKey({ seed: new Uint8Array(32).fill(99), bls });
const set = new ValidatorSet(keys.map((k) => ({ address: k.address, votingPower: 1, publicKey: k.publicKey })));
const common = createChainCommon(CHAIN_ID);
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function setup(height = 5) {
  const delivered: (SignedVote | SignedProposal)[] = [];
  const host: ConsensusInbox = {
    consensusHeight: height,
    getProposer: () => keys[0]!.address,
    receiveVote: (vote) => delivered.push(vote),
    receiveProposal: (proposal) => delivered.push(proposal),
  };
  const modules: GossipHandlersModules = {
    common,
    mempool: {} as Mempool,
    host,
    signer: new ConsensusSigner(CHAIN_ID, { bls, validatorSet: set, key: null }),
    logger: silent,
  };
  return { modules, delivered };
}

const vote = (height: number, key = keys[1]!, chainId = CHAIN_ID) =>
  encodeSignedVote(
    signVote(bls, chainId, key.getSecretKey(), { type: "prevote", height, round: 0, valueId: null, validator: key.address }),
  );

function block(number: bigint): Block {
  return createChainBlock({ number, gasLimit: 30_000_000n, baseFeePerGas: 1n, timestamp: 10n }, [], common);
}

function proposal(b: Block, key = keys[0]!, valueId = bytesToHex(b.hash())): Uint8Array {
  const signed = signProposal(bls, CHAIN_ID, key.getSecretKey(), {
    height: Number(b.header.number),
    round: 0,
    validRound: -1,
    valueId,
    proposer: key.address,
  });
  return encodeProposalMessage(signed, b);
}

describe("gossip validation adapters", () => {
  const voteCases: { desc: string; data: () => Uint8Array; verdict: string; delivered: number }[] = [
    { desc: "a signed vote of this height", data: () => vote(5), verdict: "accept", delivered: 1 },
    { desc: "a vote of the next height (buffered by the host)", data: () => vote(6), verdict: "accept", delivered: 1 },
    { desc: "bad encoding", data: () => Uint8Array.of(0xf8, 0x40, 1), verdict: "reject", delivered: 0 },
    { desc: "a vote by a key outside the validator set", data: () => vote(5, outsider), verdict: "reject", delivered: 0 },
    { desc: "a vote signed for another chain id", data: () => vote(5, keys[1], 1n), verdict: "reject", delivered: 0 },
    { desc: "a vote of a past height", data: () => vote(4), verdict: "ignore", delivered: 0 },
    { desc: "a vote far ahead", data: () => vote(50), verdict: "ignore", delivered: 0 },
  ];
  for (const c of voteCases) {
    it(`vote: ${c.desc} → ${c.verdict}`, () => {
      const { modules, delivered } = setup();
      assert.equal(validateGossipVote(modules, c.data()), c.verdict);
      assert.equal(delivered.length, c.delivered);
    });
  }

  const proposalCases: { desc: string; data: () => Uint8Array; verdict: string }[] = [
    { desc: "the round's proposer with its block", data: () => proposal(block(5n)), verdict: "accept" },
    { desc: "signed by a validator who is not the proposer", data: () => proposal(block(5n), keys[1]), verdict: "reject" },
    { desc: "a block that is not the signed value", data: () => proposal(block(5n), keys[0], `0x${"11".repeat(32)}`), verdict: "reject" },
    { desc: "junk", data: () => Uint8Array.of(0xc2, 0x80, 0x80), verdict: "reject" },
    { desc: "an old height", data: () => proposal(block(3n)), verdict: "ignore" },
  ];
  for (const c of proposalCases) {
    it(`proposal: ${c.desc} → ${c.verdict}`, () => {
      const { modules, delivered } = setup();
      assert.equal(validateGossipProposal(modules, c.data()), c.verdict);
      assert.equal(delivered.length, c.verdict === "accept" ? 1 : 0);
    });
  }

  it("a proposal takes the pool's own decoded transactions (keys included), and decodes what the pool lacks", () => {
    const key = hexToBytes(`0x${"42".repeat(32)}`);
    const signed = [0n, 1n].map((nonce) =>
      createFeeMarket1559Tx(
        { chainId: CHAIN_ID, nonce, maxFeePerGas: 10n, gasLimit: 21_000n, to: `0x${"77".repeat(20)}` },
        { common },
      ).sign(key),
    );
    const pooled = decodeTransaction(signed[0]!.serialize(), common);
    const b = createChainBlock({ number: 5n, gasLimit: 30_000_000n, baseFeePerGas: 1n, timestamp: 10n }, signed, common);
    const { modules } = setup();
    modules.mempool = {
      get: (hash: Uint8Array) => (bytesToHex(hash) === bytesToHex(pooled.hash()) ? { tx: pooled } : undefined),
    } as unknown as Mempool;
    let received: Block | undefined;
    (modules.host as ConsensusInbox).receiveProposal = (_proposal, proposed) => {
      received = proposed;
    };
    assert.equal(validateGossipProposal(modules, proposal(b)), "accept");
    assert.equal(received?.transactions[0], pooled);
    assert.notEqual(received?.transactions[1], undefined);
    assert.deepEqual(received?.transactions[1]?.hash(), signed[1]!.hash());
  });

  const txCases: { desc: string; outcome: () => Promise<unknown>; verdict: string }[] = [
    { desc: "admitted", outcome: async () => ({ hash: new Uint8Array(32), status: "pending" }), verdict: "accept" },
    { desc: "undecodable", outcome: () => Promise.reject(new EigenError({ code: "TX_RLP_INVALID" }, "rlp")), verdict: "reject" },
    { desc: "a bad signature", outcome: () => Promise.reject(new EigenError({ code: "TX_SIGNATURE_INVALID" }, "sig")), verdict: "reject" },
    {
      desc: "already known",
      outcome: () => Promise.reject(new EigenError({ code: "MEMPOOL_ALREADY_KNOWN" }, "already known")),
      verdict: "ignore",
    },
    {
      desc: "nonce too low (stale, not malicious)",
      outcome: () => Promise.reject(new EigenError({ code: "MEMPOOL_NONCE_TOO_LOW" }, "nonce too low")),
      verdict: "ignore",
    },
  ];
  for (const c of txCases) {
    it(`transaction: ${c.desc} → ${c.verdict}`, async () => {
      const { modules } = setup();
      modules.mempool = { addRemote: c.outcome } as unknown as Mempool;
      assert.equal(await validateGossipTransaction(modules, new Uint8Array(4)), c.verdict);
    });
  }

  it("a batch: accepted when the pool took any, ignored when it took none, rejected for junk or one bad transaction", async () => {
    const { modules } = setup();
    const outcomes = new Map<number, () => Promise<unknown>>(txCases.map((c, i) => [i, c.outcome]));
    const admitted: number[] = [];
    modules.mempool = {
      addRemote: (raw: Uint8Array) => {
        admitted.push(raw[0]!);
        return (outcomes.get(raw[0]!) as () => Promise<unknown>)();
      },
    } as unknown as Mempool;
    const batch = (...cases: number[]) => encodeTxBatch(cases.map((i) => Uint8Array.of(i)));
    assert.equal(await validateGossipTransactions(modules, batch(3, 0, 4)), "accept");
    assert.deepEqual(admitted, [3, 0, 4]);
    assert.equal(await validateGossipTransactions(modules, batch(3, 4)), "ignore");
    admitted.length = 0;
    assert.equal(await validateGossipTransactions(modules, batch(0, 2, 0)), "reject");
    assert.deepEqual(admitted, [0, 2]); // nothing after the bad one
    assert.equal(await validateGossipTransactions(modules, Uint8Array.of(0x05)), "reject");
    assert.equal(await validateGossipTransactions(modules, encodeTxBatch([])), "reject");
  });
});
