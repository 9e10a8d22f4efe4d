// The consensus host's rhythm: a validator waiting out its block time starts the next height as soon as
// that height's round-0 proposal arrives, so one restarted late does not stay behind the others for good.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { Block } from "@eigenchain/chain";
import { createChainBlock, createChainCommon } from "@eigenchain/chain";
import type { TimeoutConfig, ValueId, VoteType } from "@eigenchain/consensus";
import {
  createBlsBackend,
  generateValidatorKey,
  MemoryConsensusWal,
  ProposerSelector,
  signProposal,
  signVote,
  ValidatorSet,
} from "@eigenchain/consensus";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockBuilder } from "../../../src/chain/blockBuilder.js";
import type { BlockImporter } from "../../../src/chain/blockImporter.js";
import type { ChainWriter } from "../../../src/chain/chainWriter.js";
import type { ConsensusHostModules } from "../../../src/consensus/consensusHost.js";
import { ConsensusHost } from "../../../src/consensus/consensusHost.js";
import type { EvidenceKeeper } from "../../../src/consensus/evidenceKeeper.js";
import { ConsensusSigner } from "../../../src/consensus/signer.js";
import type { BlockStore } from "../../../src/store/blockStore.js";

const CHAIN_ID = 57710n;
/** Long enough that a height started within the test was not started by the block-time timer. */
const BLOCK_TIME_MS = 60_000;
const bls = createBlsBackend();
const keys = [0, 1].map((i) => generateValidatorKey({ seed: new Uint8Array(32).fill(40 + i), bls }));
const set = new ValidatorSet(keys.map((k) => ({ address: k.address, votingPower: 1, publicKey: k.publicKey })));
const common = createChainCommon(CHAIN_ID);
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const proposers = new ProposerSelector(set);
/** The test plays the proposer of height 2 (so that proposal comes from outside); the host holds the other key. */
const [own, peer] = keys[0]?.address === proposers.getProposer(2, 0) ? [keys[1]!, keys[0]!] : [keys[0]!, keys[1]!];
/** Stands in for an execution result: the host only logs its mode. */
const RESULT = { stats: { mode: "parallel" } };

const GENESIS = createChainBlock({ number: 0n, gasLimit: 30_000_000n, baseFeePerGas: 1n, timestamp: 0n }, [], common);

/** A block on `parent`; the peer's have timestamp +1, the host's builder +2, so the two never share a hash. */
function child(parent: Block, by: "peer" | "host" = "peer"): Block {
  const timestamp = parent.header.timestamp + (by === "peer" ? 1n : 2n);
  const header = { number: parent.header.number + 1n, parentHash: parent.hash(), gasLimit: 30_000_000n, baseFeePerGas: 1n, timestamp };
  return createChainBlock(header, [], common);
}

/** Every host a test made, stopped after it. */
const hosts: ConsensusHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

/** Two validators (power 1 each, so every height needs both): the host holds `own`, the test plays `peer`. */
function setup(timeouts?: TimeoutConfig) {
  let head = GENESIS;
  const built: Block[] = [];
  const published: string[] = [];
  let releaseCommit: () => void = () => undefined;
  let commitGate: Promise<void> = Promise.resolve();
  const modules: ConsensusHostModules = {
    common,
    validatorSet: set,
    signer: new ConsensusSigner(CHAIN_ID, { bls, validatorSet: set, key: own }),
    bls,
    wal: new MemoryConsensusWal(),
    store: { getHead: () => head } as unknown as BlockStore,
    builder: {
      build: async (parent: Block) => {
        built.push(child(parent, "host"));
        return { block: built.at(-1), result: RESULT };
      },
    } as unknown as BlockBuilder,
    importer: { verify: async () => ({ status: "valid", result: RESULT }) } as unknown as BlockImporter,
    chainWriter: {
      commit: async (committed: Block) => {
        await commitGate;
        head = committed;
      },
    } as unknown as ChainWriter,
    broadcaster: {
      publishProposal: (proposal) => published.push(`${proposal.height}/${proposal.round}/${proposal.valueId}`),
      publishVote: () => undefined,
    },
    evidence: { record: () => undefined } as unknown as EvidenceKeeper,
    logger: silent,
    metrics: null,
  };
  const host = new ConsensusHost({ blockTimeMs: BLOCK_TIME_MS, ...(timeouts === undefined ? {} : { timeouts }) }, modules);
  hosts.push(host);
  return {
    host,
    /** Blocks the host built itself. */
    built,
    /** The host's own proposals, as `height/round/valueId`. */
    published,
    head: () => head,
    headNumber: () => Number(head.header.number),
    /** Commits wait until the returned function is called. */
    holdCommits() {
      commitGate = new Promise((resolve) => {
        releaseCommit = resolve;
      });
      return () => releaseCommit();
    },
  };
}

function peerVote(type: VoteType, height: number, valueId: ValueId | null) {
  return signVote(bls, CHAIN_ID, peer.getSecretKey(), { type, height, round: 0, valueId, validator: peer.address });
}

function peerProposal(b: Block) {
  const proposal = { height: Number(b.header.number), round: 0, validRound: -1, valueId: bytesToHex(b.hash()), proposer: peer.address };
  return signProposal(bls, CHAIN_ID, peer.getSecretKey(), proposal);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), `timed out waiting until ${what}`);
}

/** Height 1 decided with the peer's votes for the round's proposal (the peer's, or the one the host builds). */
async function commitHeightOne(ctx: ReturnType<typeof setup>): Promise<Block> {
  const { host } = ctx;
  const peerProposes = proposers.getProposer(1, 0) === peer.address;
  const first = child(GENESIS, peerProposes ? "peer" : "host");
  if (peerProposes) host.receiveProposal(peerProposal(first), first);
  const valueId = bytesToHex(first.hash());
  host.receiveVote(peerVote("prevote", 1, valueId));
  host.receiveVote(peerVote("precommit", 1, valueId));
  return first;
}

/** A started host with height 1 committed, waiting out its block time before height 2. */
async function hostPastHeightOne(timeouts?: TimeoutConfig): Promise<ReturnType<typeof setup>> {
  const ctx = setup(timeouts);
  ctx.host.start();
  await commitHeightOne(ctx);
  await until(() => ctx.headNumber() === 1, "height 1 is committed");
  return ctx;
}

describe("ConsensusHost: the next height's start", () => {
  it("waits out the block time after a commit; the next height's votes alone do not end the wait", async () => {
    const ctx = await hostPastHeightOne();
    ctx.host.receiveVote(peerVote("prevote", 2, null));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(ctx.host.consensusHeight, 1, "the height started before its block time");
  });

  it("starts the next height when its round-0 proposal arrives during the wait", async () => {
    const ctx = await hostPastHeightOne();
    assert.equal(ctx.host.consensusHeight, 1);
    const second = child(ctx.head());
    ctx.host.receiveProposal(peerProposal(second), second);
    assert.equal(ctx.host.consensusHeight, 2);
  });

  it("starts it at once when that proposal arrived while the last block was being committed", async () => {
    const ctx = setup();
    const open = ctx.holdCommits();
    ctx.host.start();
    const first = await commitHeightOne(ctx);
    await new Promise((resolve) => setTimeout(resolve, 50)); // decided; its commit waits on the gate
    assert.equal(ctx.headNumber(), 0);
    const second = child(first);
    ctx.host.receiveProposal(peerProposal(second), second);
    open();
    await until(() => ctx.host.consensusHeight === 2, "height 2 starts");
  });
});

describe("ConsensusHost: a later round's proposal", () => {
  it("re-proposes a block it already executed at that height instead of building another", async () => {
    assert.equal(proposers.getProposer(2, 1), own.address, "the host proposes round 1 of height 2");
    const fast = { proposeMs: 50, proposeDeltaMs: 10, prevoteMs: 50, prevoteDeltaMs: 10, precommitMs: 50, precommitDeltaMs: 10 };
    const ctx = await hostPastHeightOne(fast);
    const builtBefore = ctx.built.length;
    const second = child(ctx.head());
    const secondId = bytesToHex(second.hash());
    ctx.host.receiveProposal(peerProposal(second), second); // verified by the host, then round 0 fails:
    ctx.host.receiveVote(peerVote("prevote", 2, null));
    ctx.host.receiveVote(peerVote("precommit", 2, null));
    await until(() => ctx.published.some((p) => p.startsWith("2/1/")), "the host proposes in round 1");
    assert.deepEqual(
      ctx.published.filter((p) => p.startsWith("2/")),
      [`2/1/${secondId}`],
    );
    assert.equal(ctx.built.length, builtBefore, `it built ${ctx.built.map((b) => b.header.number).join(",")}`);
  });
});
