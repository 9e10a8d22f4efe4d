// `pnpm bench:mempool`: admission throughput with sender recovery (pure-JS and native curve, on
// worker threads and on the main thread) and block selection time for a full pool. Prints one
// JSON line per measurement.
import { availableParallelism, cpus } from "node:os";
import { createChainCommon, keccak256 } from "@eigenchain/chain";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { bytesToHex, privateToAddress } from "@ethereumjs/util";
import { createParallelPool } from "../../src/index.js";
import { MemoryPoolState } from "../../src/testUtils/memoryState.js";

const common = createChainCommon(57710n);
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;

function key(i: number): Uint8Array {
  return keccak256(new TextEncoder().encode(`bench-key-${i}`));
}

function word(address: Uint8Array): string {
  return `${"0".repeat(24)}${bytesToHex(address).slice(2)}`;
}

const TOKENS = Array.from({ length: 8 }, (_, i) => `0x${(0xaa00 + i).toString(16).padStart(40, "0")}`);
const HOT = "0x000000000000000000000000000000000000beef";

/**
 * A realistic mix per transaction index: 60% ETH transfers to fresh recipients, 30% ERC-20
 * transfers on 8 tokens, 10% unknown calls to one hot contract (all conflict with each other).
 */
function makeRaw(sender: Uint8Array, nonce: bigint, i: number): Uint8Array {
  const kind = i % 10;
  const tip = BigInt(1 + (i % 17)) * GWEI;
  const base = { nonce, maxPriorityFeePerGas: tip, maxFeePerGas: tip + 2n * GWEI };
  let fields: { to: `0x${string}`; value: bigint; data: Uint8Array; gasLimit: bigint };
  if (kind < 6) {
    fields = {
      to: bytesToHex(privateToAddress(key(1_000_000 + i))) as `0x${string}`,
      value: 1n,
      data: new Uint8Array(),
      gasLimit: 21_000n,
    };
  } else if (kind < 9) {
    const data = Buffer.from(`a9059cbb${word(privateToAddress(key(2_000_000 + i)))}${"0".repeat(63)}1`, "hex");
    fields = { to: TOKENS[i % TOKENS.length] as `0x${string}`, value: 0n, data, gasLimit: 60_000n };
  } else {
    fields = { to: HOT as `0x${string}`, value: 0n, data: Buffer.from("deadbeef", "hex"), gasLimit: 80_000n };
  }
  return createFeeMarket1559Tx({ ...base, ...fields }, { common })
    .sign(sender)
    .serialize();
}

function signWorkload(senders: number, perSender: number, offset: number): Uint8Array[] {
  const raws: Uint8Array[] = [];
  for (let s = 0; s < senders; s++) {
    const k = key(offset + s);
    for (let n = 0; n < perSender; n++) raws.push(makeRaw(k, BigInt(n), s * perSender + n));
  }
  return raws;
}

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function benchAdmission(raws: Uint8Array[], backend: "js" | "native", mode: "worker" | "main"): Promise<void> {
  const pool = createParallelPool(
    { recovery: mode, ecrecover: backend, baseFeePerGas: GWEI, globalSlots: raws.length },
    { common, state: new MemoryPoolState(ETHER) },
  );
  // Warm the worker (module load) outside the timed part.
  await pool.addRemote(raws[0] as Uint8Array);
  const rest = raws.slice(1);
  const started = performance.now();
  await Promise.all(rest.map((r) => pool.addRemote(r)));
  const seconds = (performance.now() - started) / 1000;
  print({
    bench: "admission",
    backend: pool.recovery.backend,
    mode,
    workers: mode === "worker" ? Math.max(1, availableParallelism() - 1) : 0,
    txs: rest.length,
    txPerSec: Math.round(rest.length / seconds),
  });
  await pool.close();
}

async function benchSelect(raws: Uint8Array[]): Promise<void> {
  const pool = createParallelPool(
    { recovery: "main", baseFeePerGas: GWEI, globalSlots: 4096 },
    { common, state: new MemoryPoolState(ETHER) },
  );
  for (const r of raws) await pool.addRemote(r);
  const poolSize = pool.status().pending;
  for (const [label, gasLimit] of [
    ["block", 30_000_000n],
    ["all", 1_000_000_000n],
  ] as const) {
    for (let i = 0; i < 5; i++) pool.selectForBlock(gasLimit); // warm-up
    const times: number[] = [];
    let sel = pool.selectForBlock(gasLimit);
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      sel = pool.selectForBlock(gasLimit);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    print({
      bench: "select",
      poolSize,
      gasLimit: gasLimit.toString(),
      scope: label,
      selectMs: Number((times[Math.floor(times.length / 2)] as number).toFixed(2)),
      batches: sel.batches.length,
      selected: sel.transactions.length,
      meanBatchSize: Number((sel.transactions.length / Math.max(1, sel.batches.length)).toFixed(1)),
      batchSize: pool.getBatchSize(),
    });
  }
  await pool.close();
}

const cpu = cpus()[0]?.model ?? "unknown";
print({ bench: "machine", cpu, cores: availableParallelism(), node: process.version });
const admissionTxs = signWorkload(100, 20, 0);
await benchAdmission(admissionTxs, "native", "worker");
await benchAdmission(admissionTxs, "js", "worker");
await benchAdmission(admissionTxs, "native", "main");
await benchAdmission(admissionTxs, "js", "main");
await benchSelect(signWorkload(1024, 4, 10_000));
