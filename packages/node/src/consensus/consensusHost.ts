// Runs the consensus Driver and performs its outputs: WAL, signing, gossip, timeouts, build, verify, commit.

import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Block, Common } from "@eigenchain/chain";
import { createChainBlock } from "@eigenchain/chain";
import type {
  BlsBackend,
  ConsensusInput,
  ConsensusMetrics,
  ConsensusOutput,
  ConsensusWal,
  DuplicateVoteEvidence,
  Proposal,
  SignedProposal,
  SignedVote,
  TimeoutConfig,
  ValidatorSet,
  Vote,
} from "@eigenchain/consensus";
import { createCommitCertificate, Driver, encodeCommitCertificate } from "@eigenchain/consensus";
import { bytesToHex } from "@ethereumjs/util";
import type { BlockBuilder } from "../chain/blockBuilder.js";
import type { BlockImporter } from "../chain/blockImporter.js";
import type { ChainWriter } from "../chain/chainWriter.js";
import type { Logger } from "../logger.js";
import type { BlockProducer } from "../producer/interface.js";
import type { BlockStore } from "../store/blockStore.js";
import type { EvidenceKeeper } from "./evidenceKeeper.js";
import { FutureMessages } from "./futureMessages.js";
import { ProposalConflicts } from "./proposalConflicts.js";
import { ProposalStore } from "./proposalStore.js";
import type { ConsensusSigner } from "./signer.js";
import { ConsensusTimeouts } from "./timeouts.js";

export interface ConsensusHostOpts {
  /** Target time from the start of one height to the start of the next (CometBFT's timeout_commit, roughly). */
  blockTimeMs: number;
  timeouts?: TimeoutConfig;
  /** TEST ONLY: this validator proposes blocks whose state root is wrong (honest validators must refuse them). */
  corruptStateRoot?: boolean;
  /** TEST ONLY: with each vote this validator also signs and sends a conflicting one (double prevote/precommit). */
  equivocate?: boolean;
  /** Heights up to this one are followed without signing (the WAL lost its tail: see `DriverOpts.noSignUpTo`). */
  noSignUpTo?: number;
  /** TEST ONLY: with each block it proposes this validator also signs and sends a second, different one (double proposal). */
  doublePropose?: boolean;
}

/** How the host's own proposals and votes leave the node. */
export interface ConsensusBroadcaster {
  publishProposal(proposal: SignedProposal, block: Block): void;
  publishVote(vote: SignedVote): void;
}

export interface ConsensusHostModules {
  common: Common;
  validatorSet: ValidatorSet;
  signer: ConsensusSigner;
  bls: BlsBackend;
  wal: ConsensusWal;
  store: BlockStore;
  builder: BlockBuilder;
  importer: BlockImporter;
  chainWriter: ChainWriter;
  broadcaster: ConsensusBroadcaster;
  evidence: EvidenceKeeper;
  logger: Logger;
  metrics: ConsensusMetrics | null;
}

/**
 * The node's consensus room (Malachite's host): feeds proposals, votes and timeouts to the pure
 * Driver and executes its outputs in order. Everything that awaits (building, re-executing,
 * committing, importing a synced block) runs one task at a time on `serial`, so the executor and the
 * block store never see two blocks at once.
 */
export class ConsensusHost implements BlockProducer {
  private driver: Driver | undefined;
  private readonly queue: ConsensusInput[] = [];
  private draining = false;
  private running = false;
  private serial: Promise<void> = Promise.resolve();
  private readonly proposals = new ProposalStore();
  private readonly future = new FutureMessages();
  private readonly timeouts = new ConsensusTimeouts();
  private nextHeightTimer: NodeJS.Timeout | undefined;
  private heightStartedAt = 0;
  private readonly conflicts: ProposalConflicts;
  /** TEST ONLY (`doublePropose`): the second block built beside each own proposed block, by the first's value id. */
  private readonly secondValues = new Map<string, string>();

  constructor(
    private readonly opts: ConsensusHostOpts,
    private readonly modules: ConsensusHostModules,
  ) {
    this.conflicts = new ProposalConflicts({ logger: modules.logger, metrics: modules.metrics });
  }

  /** The height being decided (the head's number + 1). */
  get height(): number {
    return Number(this.modules.store.getHead().header.number) + 1;
  }

  /** The height the driver is deciding (lags `height` between a commit and the next height's start). */
  get consensusHeight(): number {
    return this.driver?.height ?? this.height;
  }

  /** Who proposes at (height, round): gossip refuses proposals signed by anyone else. */
  getProposer(height: number, round: number): string {
    if (this.driver === undefined) throw new Error("consensus is not started");
    return this.driver.getProposer(height, round);
  }

  /** Where the driver is: unchanged between two looks means the height is stalled (lost messages). */
  getProgressKey(): string {
    const state = this.driver?.state;
    return state === undefined ? "unstarted" : `${state.height}/${state.round}/${state.step}`;
  }

  /** The proposals (with their blocks) and votes of the height being decided, for a peer that lost some. */
  getMessagesAt(height: number): { proposals: { proposal: SignedProposal; block: Block }[]; votes: SignedVote[] } {
    if (this.driver === undefined || this.driver.height !== height) return { proposals: [], votes: [] };
    const { proposals, votes } = this.driver.getMessages();
    const withBlocks = proposals.flatMap((proposal) => {
      const value = this.proposals.get(proposal.valueId);
      return value === undefined ? [] : [{ proposal, block: value.block }];
    });
    return { proposals: withBlocks, votes };
  }

  get isValidator(): boolean {
    const address = this.modules.signer.address;
    return address !== null && this.modules.validatorSet.has(address);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const height = this.height;
    // Resume a height this validator may already have voted in: its own votes come back from the WAL.
    const { driver, outputs } = Driver.restore(this.driverOpts(), this.modules.wal.readAll(), height);
    this.driver = driver;
    this.heightStartedAt = performance.now();
    this.execute(outputs);
    this.drain();
    this.replayFuture(height);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.nextHeightTimer);
    this.timeouts.clear();
    await this.serial;
  }

  /** A proposal whose signature the gossip layer checked, with its block. */
  receiveProposal(proposal: SignedProposal, block: Block): void {
    if (!this.running) return;
    const current = this.driver?.height ?? 0;
    if (proposal.height > current) {
      this.future.add(proposal.height, { type: "proposal", proposal, block });
      this.startHeightOnProposal(proposal);
      return;
    }
    if (proposal.height < current || this.driver?.state.step === "commit") return;
    this.conflicts.check(proposal);
    if (!this.proposals.add(proposal.valueId, block)) return;
    this.enqueue({ type: "proposal", proposal });
  }

  /** A vote whose signature the gossip layer checked. */
  receiveVote(vote: SignedVote): void {
    if (!this.running) return;
    const current = this.driver?.height ?? 0;
    if (vote.height > current) {
      this.future.add(vote.height, { type: "vote", vote });
      return;
    }
    if (vote.height < current || this.driver?.state.step === "commit") return;
    this.modules.metrics?.onVote(vote.type);
    this.enqueue({ type: "vote", vote });
  }

  /**
   * Block sync: a block that more than 2/3 of the validators already committed (its certificate was
   * checked by the caller). Re-executed, committed with its certificate, then consensus moves on to the
   * next height. Resolves false when the block is not the next one (already there, or a gap).
   */
  importCommitted(block: Block, certificate: Uint8Array): Promise<boolean> {
    return this.runSerial(async () => {
      const number = Number(block.header.number);
      if (number !== this.height) return false;
      const verdict = await this.modules.importer.verify(block);
      if (verdict.status === "invalid") throw new Error(`synced block ${number} is invalid: ${verdict.reason}`);
      await this.modules.chainWriter.commit(block, verdict.result, certificate);
      this.afterCommit(number);
      if (this.running) this.startHeight(number + 1);
      return true;
    });
  }

  /** Moves the driver to `height` (the head's number + 1) and replays what arrived early for it. */
  private startHeight(height: number): void {
    clearTimeout(this.nextHeightTimer);
    this.timeouts.cancelBelow(height);
    this.heightStartedAt = performance.now();
    this.enqueue({ type: "startHeight", height });
    this.replayFuture(height);
  }

  /**
   * The next height's proposal came while this validator still waits out its block time: the network
   * has started that height, so it starts now. Counting only from its own start, a validator restarted
   * late stayed that far behind for good, its votes always the last, never in a commit certificate
   * (CometBFT's lagging validator catches up the same way). Only a round-0 proposal, checked to be from
   * that round's proposer, does this: it decides when its height begins anyway, whereas early votes or a
   * later round's proposal would let one validator hurry every height.
   */
  private startHeightOnProposal(proposal: SignedProposal): void {
    if (proposal.round === 0 && this.isWaitingToStart(proposal.height)) this.startHeight(proposal.height);
  }

  /** `height` follows the head, and the driver has not started it yet (the block time since the last start runs). */
  private isWaitingToStart(height: number): boolean {
    return this.running && height === this.height && (this.driver?.height ?? 0) < height;
  }

  private driverOpts() {
    return {
      address: this.isValidator ? this.modules.signer.address : null,
      validatorSet: this.modules.validatorSet,
      ...(this.opts.timeouts === undefined ? {} : { timeouts: this.opts.timeouts }),
      ...(this.opts.noSignUpTo === undefined ? {} : { noSignUpTo: this.opts.noSignUpTo }),
    };
  }

  private enqueue(input: ConsensusInput): void {
    this.queue.push(input);
    this.drain();
  }

  /** Processes queued inputs one by one; outputs that feed inputs back (own votes) queue them. */
  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let input = this.queue.shift(); input !== undefined; input = this.queue.shift()) {
        if (!this.running || this.driver === undefined) continue;
        this.execute(this.driver.process(input));
        this.modules.metrics?.setState(this.driver.state);
      }
    } finally {
      this.draining = false;
    }
  }

  private execute(outputs: readonly ConsensusOutput[]): void {
    for (const output of outputs) {
      try {
        this.executeOne(output);
      } catch (err) {
        this.modules.logger.error("Consensus output failed", { output: output.type }, err);
      }
    }
  }

  private executeOne(output: ConsensusOutput): void {
    const { wal, signer, broadcaster, logger, metrics } = this.modules;
    switch (output.type) {
      case "persist":
        wal.append(output.entry); // durable before anything signed after it leaves
        return;
      case "signVote": {
        const vote = signer.signVote(output.vote);
        broadcaster.publishVote(vote);
        if (this.opts.equivocate === true) broadcaster.publishVote(signer.signVote(this.conflictingVote(output.vote)));
        this.queue.push({ type: "vote", vote });
        return;
      }
      case "signProposal": {
        const value = this.proposals.get(output.proposal.valueId);
        if (value === undefined) {
          logger.warn("Own proposal has no block (lost in a restart); not sent", {
            height: output.proposal.height,
            round: output.proposal.round,
          });
          return;
        }
        const proposal = signer.signProposal(output.proposal);
        broadcaster.publishProposal(proposal, value.block);
        this.queue.push({ type: "proposal", proposal });
        if (this.opts.doublePropose === true) this.proposeSecond(output.proposal);
        return;
      }
      case "scheduleTimeout":
        this.timeouts.schedule(output.timeout, output.durationMs, (timeout) => {
          metrics?.onTimeout(timeout, this.driver?.state);
          this.enqueue({ type: "timeout", timeout });
        });
        return;
      case "getValue":
        this.runInBackground(() => this.buildValue(output.height, output.round));
        return;
      case "validateValue":
        this.runInBackground(() => this.validateValue(output.height, output.valueId));
        return;
      case "decide":
        this.runInBackground(() => this.decide(output));
        return;
      case "equivocation":
        this.recordEquivocation(output.evidence);
        return;
      case "roundStarted":
        logger.debug("Round started", { height: output.height, round: output.round });
        return;
    }
  }

  private async buildValue(height: number, round: number): Promise<void> {
    const parent = this.modules.store.getHead();
    if (Number(parent.header.number) + 1 !== height || this.driver?.height !== height) return;
    if (round > 0 && this.opts.corruptStateRoot !== true && this.proposeExecuted(parent, height, round)) return;
    const built = await this.modules.builder.build(parent, BigInt(Math.floor(Date.now() / 1000)));
    const block = this.opts.corruptStateRoot === true ? this.corruptStateRoot(built.block) : built.block;
    const valueId = bytesToHex(block.hash());
    this.proposals.add(valueId, block, this.opts.corruptStateRoot === true ? undefined : built.result);
    this.modules.logger.debug("Proposing block", { height, round, hash: valueId, txs: block.transactions.length });
    if (this.opts.doublePropose === true) await this.buildSecondValue(parent, block, valueId);
    this.enqueue({ type: "proposeValue", height, round, valueId });
  }

  /**
   * A later round of a height re-proposes a block this node already executed at that height (an earlier
   * round's proposal it verified, or its own): no build, and validators that verified it too answer at
   * once. A heavy block (a 30M-gas loop takes ~5 s in the EVM here) otherwise outlasted the propose timeout
   * in round after round, each new proposer building a new one and everyone re-executing it.
   */
  private proposeExecuted(parent: Block, height: number, round: number): boolean {
    const executed = this.proposals.findExecutedChildOf(bytesToHex(parent.hash()));
    if (executed === undefined) return false;
    const { valueId, value } = executed;
    this.modules.logger.debug("Proposing a block already executed at this height", {
      height,
      round,
      hash: valueId,
      txs: value.block.transactions.length,
    });
    this.enqueue({ type: "proposeValue", height, round, valueId });
    return true;
  }

  /** TEST ONLY (`equivocate`): the same slot for another value (a made-up block when ours was nil). */
  private conflictingVote(vote: Vote): Vote {
    const other = vote.valueId === null ? `0x${"ee".repeat(32)}` : null;
    this.modules.logger.warn("Signing a conflicting vote (test-only flag)", { height: vote.height, round: vote.round, type: vote.type });
    return { ...vote, valueId: other };
  }

  /** TEST ONLY (`doublePropose`): another valid block on the same parent, one second later (so another hash). */
  private async buildSecondValue(parent: Block, first: Block, firstId: string): Promise<void> {
    const second = await this.modules.builder.build(parent, first.header.timestamp + 1n);
    const secondId = bytesToHex(second.block.hash());
    this.proposals.add(secondId, second.block, second.result);
    this.secondValues.set(firstId, secondId);
  }

  /** TEST ONLY (`doublePropose`): signs and sends a second proposal for the slot of `proposal`, with the other block. */
  private proposeSecond(proposal: Proposal): void {
    const secondId = this.secondValues.get(proposal.valueId);
    const second = secondId === undefined ? undefined : this.proposals.get(secondId);
    if (secondId === undefined || second === undefined) return;
    this.modules.logger.warn("Signing a second, different proposal (test-only flag)", {
      height: proposal.height,
      round: proposal.round,
      firstHash: proposal.valueId,
      secondHash: secondId,
    });
    const signed = this.modules.signer.signProposal({ ...proposal, valueId: secondId });
    this.modules.broadcaster.publishProposal(signed, second.block);
    this.queue.push({ type: "proposal", proposal: signed });
  }

  /** TEST ONLY (`corruptStateRoot`): the same block with one bit of its state root flipped. */
  private corruptStateRoot(block: Block): Block {
    const stateRoot = Uint8Array.from(block.header.stateRoot);
    stateRoot[0] = (stateRoot[0] ?? 0) ^ 1;
    this.modules.logger.warn("Proposing a block with a corrupted state root (test-only flag)", { number: Number(block.header.number) });
    return createChainBlock({ ...block.header.toJSON(), stateRoot }, [...block.transactions], this.modules.common);
  }

  private async validateValue(height: number, valueId: string): Promise<void> {
    const value = this.proposals.get(valueId);
    if (value === undefined || this.driver?.height !== height || this.height !== height) return;
    let valid = value.result !== undefined;
    if (!valid) {
      const verdict = await this.modules.importer.verify(value.block);
      valid = verdict.status === "valid";
      if (verdict.status === "valid") this.proposals.setResult(valueId, verdict.result);
    }
    this.enqueue({ type: "valueValidated", height, valueId, valid });
  }

  private async decide(output: Extract<ConsensusOutput, { type: "decide" }>): Promise<void> {
    const { height, round, valueId, precommits } = output;
    if (this.height !== height) return; // block sync committed it already
    const value = this.proposals.get(valueId);
    if (value === undefined) throw new Error(`decided block ${valueId} at height ${height} is not known`);
    let result = value.result;
    if (result === undefined) {
      const verdict = await this.modules.importer.verify(value.block);
      if (verdict.status === "invalid") throw new Error(`decided block at height ${height} is invalid here: ${verdict.reason}`);
      result = verdict.result;
    }
    const certificate = createCommitCertificate(this.modules.bls, this.modules.validatorSet, precommits);
    await this.modules.chainWriter.commit(value.block, result, encodeCommitCertificate(certificate));
    this.modules.metrics?.roundsPerHeight.observe(round + 1);
    this.modules.logger.info("Block committed", {
      number: height,
      hash: valueId,
      round,
      txs: value.block.transactions.length,
      signers: precommits.length,
      mode: result.stats.mode,
    });
    this.afterCommit(height);
    this.scheduleNextHeight(height + 1);
  }

  private afterCommit(height: number): void {
    this.modules.wal.pruneBelow(height + 1);
    this.proposals.pruneBelow(height + 1);
    this.conflicts.pruneBelow(height + 1);
    this.secondValues.clear();
    this.timeouts.cancelBelow(height + 1);
  }

  /** Starts the next height once the block time since this height's start has passed. */
  private scheduleNextHeight(height: number): void {
    if (!this.running) return;
    const proposalWaiting = this.future.hasFirstProposal(height); // came while the last block was committed
    const delay = proposalWaiting ? 0 : Math.max(0, this.opts.blockTimeMs - (performance.now() - this.heightStartedAt));
    clearTimeout(this.nextHeightTimer);
    this.nextHeightTimer = setTimeout(() => {
      if (this.isWaitingToStart(height)) this.startHeight(height);
    }, delay);
  }

  private replayFuture(height: number): void {
    for (const message of this.future.take(height)) {
      if (message.type === "vote") this.receiveVote(message.vote);
      else this.receiveProposal(message.proposal, message.block);
    }
  }

  private recordEquivocation(evidence: DuplicateVoteEvidence): void {
    this.modules.evidence.record(evidence);
  }

  private runInBackground(task: () => Promise<void>): void {
    this.runSerial(task).catch(() => undefined); // logged by runSerial
  }

  /** Runs `task` after every earlier serial task; its failure is logged and returned, never unhandled. */
  private runSerial<T>(task: () => Promise<T>): Promise<T> {
    // Each task starts on a fresh turn of the event loop: executing blocks awaits only in-memory state,
    // so back-to-back tasks (build, then verify the next proposal) would hold the thread, and RPC with it,
    // for their sum; a heavy block takes seconds.
    const run = this.serial.then(yieldToEventLoop).then(task);
    this.serial = run.then(
      () => undefined,
      (err: unknown) => this.modules.logger.error("Consensus task failed", {}, err),
    );
    return run;
  }
}
