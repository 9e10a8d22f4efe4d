/**
 * A deterministic multi-validator simulation: N drivers on a virtual clock and a faulty in-memory
 * network, all randomness from one seeded PRNG, so a seed replays exactly.
 *
 * Signatures: the simulator uses a FAKE signer (the signature is the signer's address as bytes) and
 * does not verify signatures. Byzantine nodes here equivocate with their own identity but never forge
 * another validator's messages, which real BLS signatures rule out; the real BLS path is exercised by
 * the unit tests of crypto/, certificate and evidence. This keeps ten thousand seeds cheap.
 *
 * Gossip: the paper assumes that a message a correct process received reaches every correct process
 * after GST. Here, like CometBFT's reactor (which tracks each peer's round state and HasVote
 * announcements), every node sends each peer, every `gossipIntervalMs`, the messages of the peer's
 * height that it holds and the peer has not yet accepted (the sim reads the peer's set directly, an
 * idealised HasVote); a peer at a lower height gets the commit of that height (proposal +
 * precommits), which stands in for block sync. Messages are still lost, delayed and duplicated
 * before GST.
 */
import {
  type ConsensusOutput,
  type ConsensusWal,
  Driver,
  type DriverOpts,
  MemoryConsensusWal,
  type SignedProposal,
  type SignedVote,
  type Timeout,
  ValidatorSet,
  type ValueId,
} from "../../src/index.js";
import { EventQueue } from "./eventQueue.js";
import { Prng } from "./prng.js";
import type { FaultKind, Scenario } from "./scenario.js";

type Message = { kind: "proposal"; proposal: SignedProposal } | { kind: "vote"; vote: SignedVote };

type SimEvent =
  | { kind: "deliver"; to: number; from: number; msg: Message }
  | { kind: "timeout"; node: number; epoch: number; timeout: Timeout }
  | { kind: "validated"; node: number; epoch: number; height: number; valueId: ValueId }
  | { kind: "gossip"; node: number; epoch: number }
  | { kind: "crash"; node: number }
  | { kind: "restart"; node: number };

interface Commit {
  round: number;
  valueId: ValueId;
  proposal: SignedProposal;
  precommits: SignedVote[];
  atMs: number;
}

interface SimNode {
  index: number;
  address: string;
  kind: FaultKind | "honest";
  driver: Driver | null;
  wal: ConsensusWal;
  /** The block store: survives crashes. */
  commits: Map<number, Commit>;
  epoch: number;
  /** Keys of the messages of the current height that the driver accepted (what peers need not resend). */
  have: Set<string>;
  outputsExecuted: number;
  crashAfterOutputs: number | null;
  downMs: number;
}

export interface Violation {
  kind: "agreement" | "validity" | "doubleSign" | "liveness";
  detail: string;
}

export interface SimResult {
  seed: number;
  n: number;
  heightsDecided: number;
  /** Most rounds any height needed (decision round + 1). */
  maxRounds: number;
  safetyViolations: Violation[];
  livenessFailures: Violation[];
  faults: Record<FaultKind, number>;
  equivocationsSeen: number;
  endMs: number;
  messages: number;
}

export interface SimOptions {
  log?: (line: string) => void;
  createWal?: (node: number) => ConsensusWal;
  /** Called whenever an honest node signs (restart tests watch for double signing). */
  onSign?: (node: number, vote: SignedVote) => void;
}

function messageKey(msg: Message): string {
  if (msg.kind === "vote") {
    const v = msg.vote;
    return `v/${v.validator}/${v.height}/${v.round}/${v.type}/${v.valueId}`;
  }
  const p = msg.proposal;
  return `p/${p.proposer}/${p.height}/${p.round}/${p.valueId}/${p.validRound}`;
}

export const INVALID_MARK = "0bad";

/** A value id: 32 bytes of hex naming (height, round, node, variant). Variant 0xbad is an invalid block. */
export function makeValueId(height: number, round: number, node: number, variant: number): ValueId {
  const h = (x: number) => x.toString(16).padStart(16, "0");
  return `0x${h(height)}${h(round)}${h(node)}${h(variant)}`;
}

export function isValidValue(valueId: ValueId): boolean {
  return !valueId.endsWith(INVALID_MARK);
}

/** Livenesss bound on rounds for heights that start after GST: f faulty proposers in a row, then slack. */
export function getRoundBound(n: number): number {
  const f = Math.floor((n - 1) / 3);
  return f + 3;
}

export function runSimulation(sc: Scenario, opts: SimOptions = {}): SimResult {
  const rng = new Prng(sc.seed);
  const log = opts.log;
  const queue = new EventQueue<SimEvent>();
  const f = Math.floor((sc.n - 1) / 3);
  const validators = [...Array(sc.n).keys()].map((i) => ({ address: `val${String(i).padStart(2, "0")}`, votingPower: 1 }));
  const validatorSet = new ValidatorSet(validators);
  const driverOpts = (address: string, honest: boolean): DriverOpts => ({
    address,
    validatorSet,
    timeouts: sc.timeouts,
    ...(honest && sc.unsafe !== undefined ? { unsafe: sc.unsafe } : {}),
  });
  const nodes: SimNode[] = validators.map((v, i) => {
    const fault = sc.faults.find((x) => x.node === i);
    return {
      index: i,
      address: v.address,
      kind: fault?.kind ?? "honest",
      driver: null,
      wal: opts.createWal?.(i) ?? new MemoryConsensusWal(),
      commits: new Map(),
      epoch: 0,
      have: new Set(),
      outputsExecuted: 0,
      crashAfterOutputs: fault?.afterOutputs ?? null,
      downMs: fault?.downMs ?? 0,
    };
  });
  const faults: Record<FaultKind, number> = { crash: 0, byzantine: 0, crashRestart: 0 };
  for (const x of sc.faults) faults[x.kind]++;
  const safetyViolations: Violation[] = [];
  const livenessFailures: Violation[] = [];
  const proposedValues = new Set<ValueId>();
  const honestSigned = new Map<string, ValueId | null>();
  const firstDecision = new Map<number, { valueId: ValueId; node: number; round: number }>();
  const heightStart = new Map<number, number>();
  let equivocationsSeen = 0;
  let messages = 0;
  let now = 0;

  const isHonest = (node: SimNode) => node.kind !== "byzantine";
  const isLive = (node: SimNode) => node.kind === "honest" || node.kind === "crashRestart";

  function send(from: number, to: number, msg: Message): void {
    if (from === to) return;
    messages++;
    const blocked = sc.network.partitions.some((p) => now >= p.startMs && now < p.endMs && p.groupOf[from] !== p.groupOf[to]);
    if (blocked) return;
    if (now < sc.gstMs) {
      if (rng.chance(sc.network.lossPre)) return;
      queue.push(now + rng.range(1, sc.network.maxDelayPreMs), { kind: "deliver", to, from, msg });
      if (rng.chance(sc.network.duplication)) {
        queue.push(now + rng.range(1, sc.network.maxDelayPreMs), { kind: "deliver", to, from, msg });
      }
    } else {
      queue.push(now + rng.range(1, sc.network.maxDelayPostMs), { kind: "deliver", to, from, msg });
    }
  }

  function broadcast(from: number, msg: Message): void {
    for (let to = 0; to < sc.n; to++) send(from, to, msg);
  }

  const fakeSignature = (address: string) => new TextEncoder().encode(address);

  function recordSign(node: SimNode, vote: SignedVote): void {
    opts.onSign?.(node.index, vote);
    const key = `${vote.validator}/${vote.height}/${vote.round}/${vote.type}`;
    const prev = honestSigned.get(key);
    if (prev !== undefined && prev !== vote.valueId) {
      safetyViolations.push({ kind: "doubleSign", detail: `${key}: ${prev} and ${vote.valueId}` });
    }
    honestSigned.set(key, vote.valueId);
  }

  function commit(node: SimNode, o: Extract<ConsensusOutput, { type: "decide" }>): void {
    if (node.commits.has(o.height)) return;
    node.commits.set(o.height, { round: o.round, valueId: o.valueId, proposal: o.proposal, precommits: o.precommits, atMs: now });
    log?.(`t=${now} ${node.address} decides h=${o.height} r=${o.round} ${o.valueId}`);
    if (!isHonest(node)) return;
    if (!proposedValues.has(o.valueId) || !isValidValue(o.valueId)) {
      safetyViolations.push({ kind: "validity", detail: `${node.address} decided ${o.valueId} at h=${o.height}` });
    }
    const first = firstDecision.get(o.height);
    if (first === undefined) firstDecision.set(o.height, { valueId: o.valueId, node: node.index, round: o.round });
    else if (first.valueId !== o.valueId) {
      safetyViolations.push({
        kind: "agreement",
        detail: `h=${o.height}: ${nodes[first.node]?.address} decided ${first.valueId} (r=${first.round}), ${node.address} decided ${o.valueId} (r=${o.round})`,
      });
    } else if (o.round < first.round) first.round = o.round;
  }

  function crash(node: SimNode): void {
    if (node.driver === null) return;
    log?.(`t=${now} ${node.address} crashes (${node.kind})`);
    node.driver = null;
    node.epoch++;
    node.have = new Set();
    if (node.kind === "crashRestart") queue.push(now + node.downMs, { kind: "restart", node: node.index });
  }

  function nextHeight(node: SimNode): number {
    let h = 1;
    while (node.commits.has(h)) h++;
    return h;
  }

  function start(node: SimNode, restart: boolean): void {
    const height = nextHeight(node);
    if (height > sc.heights) return;
    node.epoch++;
    node.have = new Set();
    const opts = driverOpts(node.address, isHonest(node));
    if (restart) {
      const { driver, outputs } = Driver.restore(opts, node.wal.readAll(), height);
      node.driver = driver;
      log?.(`t=${now} ${node.address} restarts at h=${height} r=${driver.state.round} step=${driver.state.step}`);
      execute(node, outputs);
    } else {
      node.driver = new Driver(opts);
      if (!heightStart.has(height)) heightStart.set(height, now);
      execute(node, node.driver.process({ type: "startHeight", height }));
    }
    queue.push(now + sc.gossipIntervalMs, { kind: "gossip", node: node.index, epoch: node.epoch });
  }

  /** Runs a batch of outputs in order; inputs they cause are appended (FIFO). */
  function execute(node: SimNode, initial: ConsensusOutput[]): void {
    const pending = [...initial];
    for (let o = pending.shift(); o !== undefined; o = pending.shift()) {
      const driver = node.driver;
      if (driver === null) return;
      node.outputsExecuted++;
      if (node.crashAfterOutputs !== null && node.outputsExecuted === node.crashAfterOutputs) {
        crash(node);
        return;
      }
      switch (o.type) {
        case "persist":
          node.wal.append(o.entry);
          break;
        case "signVote": {
          const vote: SignedVote = { ...o.vote, signature: fakeSignature(node.address) };
          if (isHonest(node)) {
            recordSign(node, vote);
            broadcast(node.index, { kind: "vote", vote });
          } else {
            // Equivocate: the real vote to one half of the peers, a conflicting one to the other half.
            const other: SignedVote = {
              ...vote,
              valueId: vote.valueId === null ? makeValueId(vote.height, vote.round, node.index, 1) : null,
            };
            proposedValues.add(other.valueId ?? "");
            for (let to = 0; to < sc.n; to++) send(node.index, to, { kind: "vote", vote: rng.chance(0.5) ? vote : other });
          }
          node.have.add(messageKey({ kind: "vote", vote }));
          pending.push(...driver.process({ type: "vote", vote }));
          break;
        }
        case "signProposal": {
          const proposal: SignedProposal = { ...o.proposal, signature: fakeSignature(node.address) };
          proposedValues.add(proposal.valueId);
          if (isHonest(node)) {
            broadcast(node.index, { kind: "proposal", proposal });
          } else {
            // Double-propose: a second (sometimes invalid) value to a random half.
            const variant = rng.chance(0.3) ? 0xbad : 2;
            const other: SignedProposal = {
              ...proposal,
              valueId: makeValueId(proposal.height, proposal.round, node.index, variant),
              validRound: -1,
            };
            proposedValues.add(other.valueId);
            for (let to = 0; to < sc.n; to++) {
              send(node.index, to, { kind: "proposal", proposal: rng.chance(0.5) ? proposal : other });
            }
            voteForEverything(node, proposal);
            voteForEverything(node, other);
          }
          node.have.add(messageKey({ kind: "proposal", proposal }));
          pending.push(...driver.process({ type: "proposal", proposal }));
          break;
        }
        case "scheduleTimeout":
          queue.push(now + o.durationMs, { kind: "timeout", node: node.index, epoch: node.epoch, timeout: o.timeout });
          break;
        case "getValue": {
          const variant = !isHonest(node) && rng.chance(0.2) ? 0xbad : 0;
          const valueId = makeValueId(o.height, o.round, node.index, variant);
          pending.push(...driver.process({ type: "proposeValue", height: o.height, round: o.round, valueId }));
          break;
        }
        case "validateValue":
          // Re-execution takes a little virtual time.
          queue.push(now + rng.range(0, 20), {
            kind: "validated",
            node: node.index,
            epoch: node.epoch,
            height: o.height,
            valueId: o.valueId,
          });
          break;
        case "decide": {
          commit(node, o);
          node.wal.pruneBelow(o.height + 1);
          const next = o.height + 1;
          if (next <= sc.heights) {
            if (!heightStart.has(next)) heightStart.set(next, now);
            node.have = new Set();
            pending.push(...driver.process({ type: "startHeight", height: next }));
          }
          break;
        }
        case "equivocation":
          equivocationsSeen++;
          break;
        case "roundStarted":
          if (o.round > 0) log?.(`t=${now} ${node.address} h=${o.height} round ${o.round}`);
          break;
      }
    }
  }

  function deliver(node: SimNode, msg: Message): void {
    const driver = node.driver;
    if (driver === null) return;
    const height = msg.kind === "vote" ? msg.vote.height : msg.proposal.height;
    if (height !== driver.height) return;
    const key = messageKey(msg);
    if (node.have.has(key)) return;
    node.have.add(key);
    if (node.kind === "byzantine" && msg.kind === "proposal") voteForEverything(node, msg.proposal);
    const input = msg.kind === "vote" ? { type: "vote" as const, vote: msg.vote } : { type: "proposal" as const, proposal: msg.proposal };
    execute(node, driver.process(input));
  }

  /**
   * The byzantine "vote for everything" attack: prevote and precommit every proposed value it hears
   * of, to everyone, on top of its normal (already equivocating) behaviour.
   */
  function voteForEverything(node: SimNode, p: SignedProposal): void {
    for (const type of ["prevote", "precommit"] as const) {
      const vote: SignedVote = {
        type,
        height: p.height,
        round: p.round,
        valueId: p.valueId,
        validator: node.address,
        signature: fakeSignature(node.address),
      };
      broadcast(node.index, { kind: "vote", vote });
    }
  }

  /** Sends each peer what it lacks at its height (see the header comment). */
  function gossip(node: SimNode): void {
    const driver = node.driver;
    if (driver === null) return;
    let mine: Message[] | null = null;
    for (const peer of nodes) {
      if (peer === node || peer.driver === null) continue;
      const peerHeight = peer.driver.height;
      if (peerHeight < driver.height) {
        const c = node.commits.get(peerHeight);
        if (c === undefined) continue;
        send(node.index, peer.index, { kind: "proposal", proposal: c.proposal });
        for (const vote of c.precommits) send(node.index, peer.index, { kind: "vote", vote });
      } else if (peerHeight === driver.height) {
        if (mine === null) {
          const m = driver.getMessages();
          mine = [
            ...m.proposals.map((proposal): Message => ({ kind: "proposal", proposal })),
            ...m.votes.map((vote): Message => ({ kind: "vote", vote })),
          ];
        }
        for (const msg of mine) if (!peer.have.has(messageKey(msg))) send(node.index, peer.index, msg);
      }
    }
  }

  // Schedule the plan.
  for (const x of sc.faults) {
    if (x.atMs !== undefined) queue.push(x.atMs, { kind: "crash", node: x.node });
  }
  for (const node of nodes) start(node, false);

  const endLimit = sc.gstMs + sc.livenessWindowMs;
  const allDone = () => nodes.every((nd) => !isLive(nd) || nd.commits.size >= sc.heights);
  for (let ev = queue.pop(); ev !== undefined; ev = queue.pop()) {
    if (ev.time > endLimit) break;
    now = ev.time;
    const e = ev.item;
    switch (e.kind) {
      case "deliver": {
        const node = nodes[e.to];
        if (node !== undefined) deliver(node, e.msg);
        break;
      }
      case "timeout": {
        const node = nodes[e.node];
        if (node?.driver == null || node.epoch !== e.epoch) break;
        execute(node, node.driver.process({ type: "timeout", timeout: e.timeout }));
        break;
      }
      case "validated": {
        const node = nodes[e.node];
        if (node?.driver == null || node.epoch !== e.epoch) break;
        const input = { type: "valueValidated" as const, height: e.height, valueId: e.valueId, valid: isValidValue(e.valueId) };
        execute(node, node.driver.process(input));
        break;
      }
      case "gossip": {
        const node = nodes[e.node];
        if (node?.driver == null || node.epoch !== e.epoch) break;
        gossip(node);
        queue.push(now + sc.gossipIntervalMs, { kind: "gossip", node: node.index, epoch: node.epoch });
        break;
      }
      case "crash": {
        const node = nodes[e.node];
        if (node !== undefined) crash(node);
        break;
      }
      case "restart": {
        const node = nodes[e.node];
        if (node !== undefined && node.driver === null) start(node, true);
        break;
      }
    }
    if (allDone()) break;
  }

  // Liveness: every live node decided every height, and heights begun after GST took few rounds.
  for (const node of nodes) {
    if (isLive(node) && node.commits.size < sc.heights) {
      livenessFailures.push({
        kind: "liveness",
        detail: `${node.address} decided ${node.commits.size}/${sc.heights} heights by t=${now} (GST ${sc.gstMs})`,
      });
    }
  }
  let maxRounds = 0;
  const bound = getRoundBound(sc.n);
  for (const [height, d] of firstDecision) {
    maxRounds = Math.max(maxRounds, d.round + 1);
    const startedAt = heightStart.get(height) ?? 0;
    if (startedAt >= sc.gstMs && d.round + 1 > bound) {
      livenessFailures.push({ kind: "liveness", detail: `h=${height} began after GST but took ${d.round + 1} rounds (bound ${bound})` });
    }
  }
  void f;
  return {
    seed: sc.seed,
    n: sc.n,
    heightsDecided: firstDecision.size,
    maxRounds,
    safetyViolations,
    livenessFailures,
    faults,
    equivocationsSeen,
    endMs: now,
    messages,
  };
}
