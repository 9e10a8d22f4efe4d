// test-file-timeout: 600s
/**
 * /metrics of running nodes (issue 15): after transfers, every series family of every component —
 * consensus, executor, pool, p2p, RPC, block sync — is there with a value that shows it is wired. One
 * network of four validators serves all the checks: three start, the fourth joins once the chain has
 * blocks (its proposals are missed meanwhile), catches up by block sync, then signs conflicting votes
 * (so evidence is found). The same run checks per-component log levels and that no node's log holds
 * its validator or peer key.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { id, Wallet } from "ethers";
import { getFreePort } from "../../../p2p/test/helpers/ports.js";
import type { NetworkNode } from "./support/networkDsl.js";
import { sleep, TestNetwork } from "./support/networkDsl.js";
import { DEVNET_CHAIN_ID, killAll } from "./support/nodeDsl.js";

const GWEI = 1_000_000_000n;
/** Enough distinct senders for a block the executor runs on its workers (MIN_PARALLEL_TXS is 32). */
const SENDERS = Array.from({ length: 40 }, (_, i) => new Wallet(id(`eigenchain metrics e2e sender ${i}`)));
const RECIPIENTS = Array.from({ length: 40 }, (_, i) => new Wallet(id(`eigenchain metrics e2e recipient ${i}`)).address);
/** Joins late (block sync), then equivocates (evidence). */
const LATE_VALIDATOR = 3;

type Labels = Record<string, string>;
interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** The samples of a Prometheus text exposition (no timestamps: prom-client writes none). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) continue;
    const labels: Labels = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) labels[key ?? ""] = value ?? "";
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

/** Values of `name` whose labels include `labels`; the assertion names the missing family. */
function values(samples: Sample[], name: string, labels: Labels = {}): number[] {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length > 0, `no ${name}${JSON.stringify(labels)} in /metrics`);
  return found.map((s) => s.value);
}

const sum = (samples: Sample[], name: string, labels: Labels = {}): number => values(samples, name, labels).reduce((a, b) => a + b, 0);

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/plain/);
  return parseMetrics(await response.text());
}

async function rpcBatch(
  node: NetworkNode,
  calls: { method: string; params: unknown[] }[],
): Promise<{ result?: unknown; error?: unknown }[]> {
  const body = calls.map((c, i) => ({ jsonrpc: "2.0", id: i, ...c }));
  const response = await fetch(node.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return (await response.json()) as { result?: unknown; error?: unknown }[];
}

/** One transfer from every sender in a single batch request (so they land in one block), then waits for all receipts. */
async function sendRound(node: NetworkNode, nonce: number): Promise<void> {
  const raws = await Promise.all(
    SENDERS.map((w, i) =>
      w.signTransaction({
        type: 2,
        chainId: DEVNET_CHAIN_ID,
        nonce,
        to: RECIPIENTS[i] ?? null,
        value: 1000n,
        gasLimit: 21_000n,
        maxFeePerGas: 100n * GWEI,
        maxPriorityFeePerGas: GWEI,
      }),
    ),
  );
  const sent = await rpcBatch(
    node,
    raws.map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] })),
  );
  const hashes = sent.map((r) => {
    assert.equal(r.error, undefined, `eth_sendRawTransaction: ${JSON.stringify(r.error)}`);
    return r.result as string;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const receipts = await rpcBatch(
      node,
      hashes.map((h) => ({ method: "eth_getTransactionReceipt", params: [h] })),
    );
    if (receipts.every((r) => r.result !== null && r.result !== undefined)) return;
    assert.ok(Date.now() < deadline, "transfers were not mined within 60 s");
    await sleep(200);
  }
}

/** The secret bytes of a node's keys, as they could show up in a log line: hex and base64. */
function secretForms(dir: string): string[] {
  const peer = JSON.parse(readFileSync(join(dir, "p2p_key.json"), "utf8")) as { privateKey: string };
  // libp2p's protobuf of an ed25519 key: 4 header bytes, the 32-byte seed, then the public key.
  const secrets = [Buffer.from(peer.privateKey.slice(2), "hex").subarray(4, 36)];
  const validatorKey = join(dir, "validator_key.json"); // a full node has none
  if (existsSync(validatorKey)) {
    const validator = JSON.parse(readFileSync(validatorKey, "utf8")) as { secretKey: string };
    secrets.push(Buffer.from(validator.secretKey.slice(2), "hex"));
  }
  for (const secret of secrets) assert.equal(secret.length, 32);
  return secrets.flatMap((b) => [b.toString("hex"), b.toString("base64"), b.toString("base64url")]);
}

describe("metrics and logs of a running network", { timeout: 600_000 }, () => {
  let net: TestNetwork;
  let metricsPort: number;

  before(async () => {
    metricsPort = await getFreePort();
    net = await TestNetwork.start({
      validators: 4,
      blockTimeMs: 500,
      holdBack: [LATE_VALIDATOR],
      // The lean defaults, and a short propose timeout: rounds of the absent validator fail fast.
      baseNodeArgs: ["--executor.workers", "1", "--tx.recovery", "main", "--warmup.transfers", "0", "--consensus.timeout-propose", "1500"],
      extraAlloc: Object.fromEntries(SENDERS.map((w) => [w.address, 10n ** 18n])),
      nodeArgs: {
        0: ["--executor.workers", "2", "--metrics", "--metrics.port", String(metricsPort), "--log.component", "consensus=debug,p2p=debug"],
        [LATE_VALIDATOR]: ["--unsafe.equivocate"],
      },
    });
  });

  after(async () => {
    await net?.close();
    await killAll();
  });

  it("serves every component's series with values from real traffic", async () => {
    const node0 = net.node(0);
    await node0.waitForHeight(2, 60_000);
    // The fourth validator starts now, behind, and catches up by block sync while the traffic runs.
    const late = net.node(LATE_VALIDATOR);
    late.start();
    // Transfers until node0 has run a block on its workers (a block split by the proposer may stay below the threshold).
    let samples: Sample[] = [];
    for (let round = 0; round < 3; round++) {
      await sendRound(node0, round);
      samples = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
      if (samples.some((s) => s.name === "eigen_executor_blocks_total" && s.labels.mode === "parallel" && s.value > 0)) break;
    }
    assert.equal((await node0.rpc("eth_getBalance", ["0xnot-an-address", "latest"])).error?.code, -32602);
    const evidenceDeadline = Date.now() + 90_000;
    while (!(await scrape(`http://127.0.0.1:${metricsPort}/metrics`)).some((s) => s.name === "eigen_consensus_evidence_total")) {
      assert.ok(Date.now() < evidenceDeadline, "no evidence of the late, equivocating validator within 90 s");
      await sleep(500);
    }
    samples = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);

    // Consensus
    assert.ok(sum(samples, "eigen_consensus_height_number") > 2);
    assert.ok(sum(samples, "eigen_consensus_round_number") >= 0);
    for (const step of ["propose", "prevote", "precommit"]) {
      assert.ok(sum(samples, "eigen_consensus_step_duration_seconds_count", { step }) > 0, `no ${step} step timed`);
    }
    assert.ok(sum(samples, "eigen_consensus_height_rounds_count") > 2);
    assert.ok(sum(samples, "eigen_consensus_votes_received_total", { type: "prevote" }) > 0);
    assert.ok(sum(samples, "eigen_consensus_votes_received_total", { type: "precommit" }) > 0);
    assert.ok(sum(samples, "eigen_consensus_proposals_missed_total") > 0, "the absent validator's proposals were not missed");
    assert.ok(sum(samples, "eigen_consensus_evidence_total") > 0);

    // Executor: a block on two workers, the estimate one thread would have needed, and the empty blocks' fallback
    assert.ok(sum(samples, "eigen_executor_block_execution_seconds_count") > 2);
    assert.ok(sum(samples, "eigen_executor_blocks_total", { mode: "parallel" }) > 0, "node0 ran no block on its workers");
    assert.ok(sum(samples, "eigen_executor_blocks_total", { mode: "fallback", reason: "small-block" }) > 0);
    assert.ok(sum(samples, "eigen_executor_sequential_estimate_seconds_sum") > 0);
    assert.ok(sum(samples, "eigen_executor_speedup_ratio") > 0);
    assert.ok(sum(samples, "eigen_executor_worker_utilization_ratio") > 0);
    assert.ok(sum(samples, "eigen_executor_worker_busy_seconds_total", { worker: "0" }) > 0);
    assert.ok(sum(samples, "eigen_executor_transactions_total") >= SENDERS.length);
    // Independent transfers do not conflict: the series are there, at zero or more.
    assert.ok(sum(samples, "eigen_executor_conflicts_total") >= 0);
    assert.ok(sum(samples, "eigen_executor_reexecutions_total") >= 0);

    // Pool
    assert.ok(sum(samples, "eigen_mempool_valid_total") >= SENDERS.length);
    assert.ok(sum(samples, "eigen_mempool_select_seconds_count") > 0, "node0 never proposed");
    assert.ok(sum(samples, "eigen_mempool_pending_transactions") >= 0);
    assert.ok(sum(samples, "eigen_mempool_batch_count_batches") >= 0);

    // P2P
    assert.ok(sum(samples, "eigen_p2p_connected_peers") >= 3);
    assert.ok(sum(samples, "eigen_p2p_gossip_messages_total", { verdict: "accept" }) > 0);
    assert.ok(sum(samples, "eigen_p2p_gossip_published_total") > 0);
    assert.ok(sum(samples, "eigen_p2p_peer_score", { stat: "max" }) > 0, "no peer earned a score");

    // RPC: successes and a refused parameter, with latency
    assert.ok(sum(samples, "eigen_node_rpc_requests_total", { method: "eth_sendRawTransaction", code: "0" }) >= SENDERS.length);
    assert.ok(sum(samples, "eigen_node_rpc_requests_total", { method: "eth_getBalance", code: "-32602" }) >= 1);
    assert.ok(sum(samples, "eigen_node_rpc_request_duration_seconds_count", { method: "eth_sendRawTransaction" }) >= SENDERS.length);

    // Sync: node0 watches its peers' heads; the late validator caught up by block sync
    assert.ok(sum(samples, "eigen_node_sync_peer_head_number") > 0);
    await late.waitUntilServing();
    await late.waitForHeight(await node0.height(), 90_000);
    const lateSamples = await scrape(`${late.url}/metrics`);
    assert.ok(sum(lateSamples, "eigen_node_sync_imported_blocks_total") > 0);
    assert.ok(sum(lateSamples, "eigen_node_sync_catchups_total") > 0);
    assert.ok(sum(lateSamples, "eigen_node_sync_behind_blocks") >= 0);
  });

  it("logs each component at its own level and never a key", () => {
    const records = net
      .node(0)
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; component?: string });
    const debugBy = (component: string) => records.some((r) => r.level === 20 && r.component === component);
    assert.ok(debugBy("consensus"), "no consensus debug line with --log.component consensus=debug");
    assert.ok(
      !records.some((r) => r.level < 30 && r.component !== "consensus" && r.component !== "p2p"),
      "debug lines outside the named components",
    );
    for (const node of net.nodes) {
      const log = node.output();
      assert.ok(log.length > 0, `${node.name} wrote no log`);
      for (const secret of secretForms(node.info.dir)) {
        assert.ok(!log.includes(secret), `${node.name}'s log holds key material`);
      }
    }
  });
});
