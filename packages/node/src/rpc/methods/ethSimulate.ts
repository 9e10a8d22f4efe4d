// eth_simulateV1: blocks of calls on top of a block, with overrides, answered as geth's simulated blocks.
import type { Block, Receipt } from "@eigenchain/chain";
import { createChainBlock, createLogsBloom, keccak256, orBloom } from "@eigenchain/chain";
import type { BlockEnv, SimulatedBlock, SimulateInput, SimulateOutput } from "@eigenchain/executor";
import { computeReceiptsRoot, computeSpeculativeStateRoot, computeTransactionsRoot } from "@eigenchain/executor";
import { RLP } from "@ethereumjs/rlp";
import { createTxFromRLP } from "@ethereumjs/tx";
import { resolveBlockOrThrow } from "../blockResolver.js";
import type { RpcContext, RpcMethodRegistry } from "../context.js";
import { RPC_ERROR_CODE, RpcError } from "../errors.js";
import { formatBlock, formatLog, toData, toQuantity } from "../format.js";
import { runHeavy } from "../heavyRequestQueue.js";
import { expectParams, readOptionalBlockSelector } from "../params.js";
import type { SimulateRequest } from "../simulateParams.js";
import { MAX_SIMULATE_BLOCKS, readSimulateRequest, SIMULATE_LIMIT_EXCEEDED } from "../simulateParams.js";
import { DEFAULT_EVM_TIMEOUT_MS } from "./ethCall.js";

/** Seconds between simulated blocks without a `time` override (geth's default). */
const SIMULATED_BLOCK_SECONDS = 12n;
const BLOOM_BYTES = 256;

/**
 * One env per simulated block: numbers and timestamps after the base block (gaps in the asked
 * numbers are filled with empty blocks, as geth does), base fee 0 unless validating or overridden,
 * coinbase zero unless overridden. BLOCKHASH sees the base chain; simulated blocks read as zero.
 */
async function planBlocks(ctx: RpcContext, base: Block, request: SimulateRequest): Promise<SimulateInput["blocks"]> {
  const window = await ctx.blockHashes.forChildOf(base);
  const lookup = (n: bigint): Uint8Array | undefined =>
    n <= base.header.number ? window[Number(base.header.number - n)] : new Uint8Array(32);
  const nextBaseFee = base.header.calcNextBaseFee();
  const planned: SimulateInput["blocks"] = [];
  let number = base.header.number;
  let timestamp = base.header.timestamp;
  for (const block of request.blocks) {
    const o = block.blockOverrides;
    const target = o.number ?? number + 1n;
    if (target <= number) throw new RpcError(-38020, `block numbers must be in order: ${target} <= ${number}`);
    while (number + 1n < target) {
      number++;
      timestamp += SIMULATED_BLOCK_SECONDS;
      planned.push({ env: createEnv(base, number, timestamp, request.validation ? nextBaseFee : 0n, lookup), overrides: [], calls: [] });
      if (planned.length > MAX_SIMULATE_BLOCKS) throw new RpcError(SIMULATE_LIMIT_EXCEEDED, `too many blocks (max ${MAX_SIMULATE_BLOCKS})`);
    }
    const time = o.time ?? timestamp + SIMULATED_BLOCK_SECONDS;
    if (time <= timestamp) throw new RpcError(-38021, `block timestamps must be in order: ${time} <= ${timestamp}`);
    number = target;
    timestamp = time;
    const env = createEnv(base, number, timestamp, o.baseFeePerGas ?? (request.validation ? nextBaseFee : 0n), lookup);
    if (o.gasLimit !== undefined) env.gasLimit = o.gasLimit;
    if (o.feeRecipient !== undefined) env.coinbase = o.feeRecipient;
    if (o.prevRandao !== undefined) env.prevRandao = o.prevRandao;
    planned.push({ env, overrides: block.stateOverrides, calls: block.calls });
  }
  return planned;
}

function createEnv(
  base: Block,
  number: bigint,
  timestamp: bigint,
  baseFeePerGas: bigint,
  lookup: (n: bigint) => Uint8Array | undefined,
): BlockEnv {
  return {
    number,
    timestamp,
    gasLimit: base.header.gasLimit,
    baseFeePerGas,
    coinbase: new Uint8Array(20),
    prevRandao: new Uint8Array(32),
    parentHash: number === base.header.number + 1n ? base.hash() : new Uint8Array(32),
    recentBlockHashes: lookup,
  };
}

/** A simulated block as geth returns it: its header fields, transaction hashes and the calls' results. */
async function assembleBlock(
  ctx: RpcContext,
  base: Block,
  parentHash: Uint8Array,
  env: BlockEnv,
  simulated: SimulatedBlock,
  fullTransactions: boolean,
): Promise<{ json: Record<string, unknown>; hash: Uint8Array }> {
  const receipts: Receipt[] = simulated.calls.map((c) => ({
    txType: c.txType,
    status: c.status,
    cumulativeGasUsed: c.cumulativeGasUsed,
    logsBloom: createLogsBloom(c.logs),
    logs: c.logs,
  }));
  const logsBloom = new Uint8Array(BLOOM_BYTES);
  for (const r of receipts) orBloom(logsBloom, r.logsBloom);
  const header = {
    parentHash,
    coinbase: env.coinbase,
    stateRoot: await computeSpeculativeStateRoot(ctx.stateStore, base.header.stateRoot, simulated.changes),
    transactionsTrie: computeTransactionsRoot(simulated.calls.map((c) => c.tx)),
    receiptTrie: computeReceiptsRoot(receipts),
    logsBloom,
    number: env.number,
    gasLimit: env.gasLimit,
    gasUsed: simulated.gasUsed,
    timestamp: env.timestamp,
    baseFeePerGas: env.baseFeePerGas,
    mixHash: env.prevRandao,
  };
  const block = createChainBlock(header, [], ctx.common);
  const hash = block.hash();
  const json = formatBlock(block, false);
  // The size of the block with its transactions (a legacy one is a list in the body, a typed one a string).
  const raw = block.raw() as unknown[];
  raw[1] = simulated.calls.map((c) => (c.txType === 0 ? RLP.decode(c.tx) : c.tx));
  json.size = toQuantity(RLP.encode(raw as never).length);
  const txHashes = simulated.calls.map((c) => keccak256(c.tx));
  json.transactions = simulated.calls.map((c, index) => {
    if (!fullTransactions) return toData(txHashes[index]!);
    return formatSimulatedTx(ctx, c.tx, txHashes[index]!, c.from, { blockHash: hash, env, index });
  });
  let logIndex = 0;
  json.calls = simulated.calls.map((c, index) => ({
    returnData: toData(c.returnData),
    logs: c.logs.map((log) =>
      formatLog(log, {
        blockHash: hash,
        blockNumber: env.number,
        transactionHash: txHashes[index]!,
        transactionIndex: index,
        logIndex: logIndex++,
        blockTimestamp: env.timestamp,
      }),
    ),
    gasUsed: toQuantity(c.gasUsed),
    maxUsedGas: toQuantity(c.maxUsedGas),
    status: toQuantity(c.status),
    ...(c.error !== undefined
      ? { error: { code: c.error.code, message: c.error.message, ...(c.error.data !== undefined ? { data: toData(c.error.data) } : {}) } }
      : {}),
  }));
  return { json, hash };
}

/**
 * A simulated transaction for `returnFullTransactions`: under EIP-7825 geth's default gas (what is
 * left of the block) can pass 2^24, which a transaction decoded under those rules may not carry.
 */
function decodeSimulatedTx(ctx: RpcContext, bytes: Uint8Array) {
  try {
    return createTxFromRLP(bytes, { common: ctx.common });
  } catch {
    const common = ctx.common.copy();
    common.setHardfork("prague");
    return createTxFromRLP(bytes, { common });
  }
}

/** A simulated transaction as geth shows it: unsigned (v, r, s zero), with its placement in the simulated block. */
function formatSimulatedTx(
  ctx: RpcContext,
  bytes: Uint8Array,
  hash: Uint8Array,
  from: Uint8Array,
  at: { blockHash: Uint8Array; env: BlockEnv; index: number },
): Record<string, unknown> {
  const tx = decodeSimulatedTx(ctx, bytes);
  const json = tx.toJSON() as Record<string, unknown>;
  const baseFee = at.env.baseFeePerGas;
  let gasPrice = (tx as { gasPrice?: bigint }).gasPrice ?? 0n;
  if ("maxFeePerGas" in tx && "maxPriorityFeePerGas" in tx) {
    const room = tx.maxFeePerGas - baseFee;
    gasPrice = baseFee + (room < tx.maxPriorityFeePerGas ? room : tx.maxPriorityFeePerGas);
  }
  const out: Record<string, unknown> = {
    blockHash: toData(at.blockHash),
    blockNumber: toQuantity(at.env.number),
    blockTimestamp: toQuantity(at.env.timestamp),
    from: toData(from),
    gas: toQuantity(tx.gasLimit),
    gasPrice: toQuantity(gasPrice),
    hash: toData(hash),
    input: toData(tx.data),
    nonce: toQuantity(tx.nonce),
    to: tx.to === undefined ? null : tx.to.toString(),
    transactionIndex: toQuantity(at.index),
    value: toQuantity(tx.value),
    type: toQuantity(tx.type),
    v: "0x0",
    r: "0x0",
    s: "0x0",
  };
  for (const key of ["maxFeePerGas", "maxPriorityFeePerGas", "accessList", "chainId", "authorizationList"]) {
    if (json[key] !== undefined) out[key] = json[key];
  }
  if (tx.type !== 0) out.yParity = "0x0";
  return out;
}

async function simulate(ctx: RpcContext, base: Block, request: SimulateRequest): Promise<unknown[]> {
  const calls = ctx.calls;
  if (calls?.simulate === undefined) throw new RpcError(RPC_ERROR_CODE.METHOD_NOT_SUPPORTED, "eth_simulateV1 needs the node's call runner");
  const blocks = await planBlocks(ctx, base, request);
  const gasCap = ctx.limits.gasCap > 0n ? ctx.limits.gasCap : base.header.gasLimit;
  const timeoutMs = ctx.limits.evmTimeoutMs ?? DEFAULT_EVM_TIMEOUT_MS;
  let output: SimulateOutput;
  try {
    output = await calls.simulate(
      base.header.stateRoot,
      { blocks, validation: request.validation, traceTransfers: request.traceTransfers, gasCap },
      { timeoutMs },
    );
  } catch (err) {
    if (err instanceof Error && /execution aborted/.test(err.message)) throw new RpcError(RPC_ERROR_CODE.INVALID_INPUT, err.message);
    throw err;
  }
  if (!output.ok) throw new RpcError(output.error.code, output.error.message);
  const results: unknown[] = [];
  let parentHash = base.hash();
  for (const [i, simulated] of output.blocks.entries()) {
    const { json, hash } = await assembleBlock(ctx, base, parentHash, blocks[i]!.env, simulated, request.returnFullTransactions);
    results.push(json);
    parentHash = hash;
  }
  return results;
}

export function registerEthSimulateMethods(rpc: RpcMethodRegistry, ctx: RpcContext): void {
  rpc.add("eth_simulateV1", async (params) => {
    expectParams(params, 1, 2);
    const request = readSimulateRequest(params[0]);
    const base = await resolveBlockOrThrow(ctx, readOptionalBlockSelector(params[1], 1));
    return runHeavy(ctx, () => simulate(ctx, base, request));
  });
}
