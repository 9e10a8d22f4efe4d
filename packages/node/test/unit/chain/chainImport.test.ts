// Export then import gives the same chain; a corrupted block is refused at that block with nothing after it written (a geth-format chain built here, and the conformance suite's chain when present).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { Common } from "@eigenchain/chain";
import { decodeBlock } from "@eigenchain/chain";
import { createLegacyTx } from "@ethereumjs/tx";
import { Account, bytesToHex, createAddressFromPrivateKey, hexToBytes } from "@ethereumjs/util";
import { buildBlock, createVM } from "@ethereumjs/vm";
import { splitBlockFile } from "../../../src/chain/blockFile.js";
import { exportBlocks } from "../../../src/chain/chainExport.js";
import { importIntoDatadir } from "../../../src/chain/chainImport.js";
import { openChain } from "../../../src/chain/openChain.js";
import { createNoopLogger } from "../../../src/logger.js";
import { DEFAULT_RPC_OPTS, EigenNode } from "../../../src/node.js";

const suiteDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../../../shared/rpc-compat");
const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "eigen-import-"));
  tempDirs.push(dir);
  return dir;
}

async function initDatadir(genesisText: string): Promise<string> {
  const datadir = join(tempDir(), "data");
  const chain = await openChain({ datadir, genesisText });
  await chain.stateStore.close();
  await chain.store.close();
  return datadir;
}

async function readHead(datadir: string): Promise<{ number: bigint; hash: string; stateRoot: string }> {
  const chain = await openChain({ datadir });
  try {
    const head = chain.store.getHead();
    return { number: head.header.number, hash: bytesToHex(head.hash()), stateRoot: bytesToHex(head.header.stateRoot) };
  } finally {
    await chain.stateStore.close();
    await chain.store.close();
  }
}

async function exportDatadir(datadir: string): Promise<string> {
  const file = join(tempDir(), "blocks.rlp");
  const chain = await openChain({ datadir });
  try {
    await exportBlocks(chain.store, file, {});
  } finally {
    await chain.stateStore.close();
    await chain.store.close();
  }
  return file;
}

const KEY = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
const SENDER = createAddressFromPrivateKey(KEY);

/** A geth genesis: proof-of-work with every fork through London at block 0, one funded account. */
const GETH_GENESIS = JSON.stringify({
  config: {
    chainId: 1337,
    homesteadBlock: 0,
    eip150Block: 0,
    eip155Block: 0,
    eip158Block: 0,
    byzantiumBlock: 0,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
    berlinBlock: 0,
    londonBlock: 0,
    ethash: {},
  },
  nonce: "0x0",
  timestamp: "0x0",
  extraData: "0x",
  gasLimit: "0x1c9c380",
  difficulty: "0x20000",
  coinbase: "0x0000000000000000000000000000000000000000",
  alloc: { [SENDER.toString()]: { balance: "0x3635c9adc5dea00000" } },
});

/** Blocks 1…n on the geth genesis, built and mined (rewards included) by ethereumjs itself. */
async function buildGethChain(blocks: number): Promise<{ genesisText: string; file: string; hashes: string[]; common: Common }> {
  const datadir = await initDatadir(GETH_GENESIS);
  const chain = await openChain({ datadir });
  const genesis = chain.store.getHead();
  await chain.stateStore.close();
  await chain.store.close();
  // The VM's own state (ethereumjs's default Merkle state manager) from the same allocation.
  const vm = await createVM({ common: chain.common.copy(), setHardfork: true });
  await vm.stateManager.putAccount(SENDER, new Account(0n, 0x3635c9adc5dea00000n));
  assert.equal(
    bytesToHex(await vm.stateManager.getStateRoot()),
    bytesToHex(genesis.header.stateRoot),
    "genesis state root as ethereumjs computes it",
  );
  let parent = genesis;
  const encoded: Uint8Array[] = [];
  for (let n = 1; n <= blocks; n++) {
    const builder = await buildBlock(vm, {
      parentBlock: parent,
      headerData: {
        timestamp: parent.header.timestamp + 12n,
        coinbase: "0x00000000000000000000000000000000000000c0",
        gasLimit: parent.header.gasLimit,
      },
      blockOpts: { calcDifficultyFromHeader: parent.header, putBlockIntoBlockchain: false },
    });
    for (let i = 0; i < 3; i++) {
      const tx = createLegacyTx(
        {
          nonce: BigInt((n - 1) * 3 + i),
          gasPrice: 10n ** 10n,
          gasLimit: 21000n,
          to: `0x${"ab".repeat(19)}${n.toString(16).padStart(2, "0")}`,
          value: 1000n,
        },
        { common: chain.common },
      ).sign(KEY);
      await builder.addTransaction(tx);
    }
    const { block } = await builder.build();
    encoded.push(block.serialize());
    parent = decodeBlock(block.serialize(), chain.common);
  }
  const file = join(tempDir(), "chain.rlp");
  writeFileSync(file, Buffer.concat(encoded));
  const hashes = encoded.map((bytes) => bytesToHex(decodeBlock(bytes, chain.common).hash()));
  return { genesisText: GETH_GENESIS, file, hashes, common: chain.common };
}

/** EIGENChain's own format: a development chain (no validators) with one funded account. */
const DEV_GENESIS = JSON.stringify({
  config: { chainId: 4242 },
  gasLimit: "0x1c9c380",
  baseFeePerGas: "0x3b9aca00",
  alloc: { [SENDER.toString()]: { balance: "0x3635c9adc5dea00000" } },
});

/** A development chain of `blocks` blocks made by the node's own solo producer, one transfer in each; exported to a file. */
async function buildDevChain(blocks: number, mining: boolean): Promise<{ datadir: string; file: string }> {
  const datadir = await initDatadir(DEV_GENESIS);
  const node = new EigenNode(
    {
      datadir,
      rpc: { ...DEFAULT_RPC_OPTS, port: 0, callWorkers: 0 },
      blockTimeMs: 0,
      allowEmptyBlocks: false,
      mining,
      txRecovery: "main",
      executor: { kind: "parallel", workers: 1 },
    },
    { logger: createNoopLogger() },
  );
  await node.start();
  try {
    const chain = await openChainCommon(DEV_GENESIS);
    const url = `http://${node.address.host}:${node.address.port}/`;
    const call = async (method: string, params: unknown[]): Promise<unknown> => {
      const reply = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
      return ((await reply.json()) as { result: unknown }).result;
    };
    for (let n = 0; n < blocks; n++) {
      const tx = createLegacyTx(
        { nonce: BigInt(n), gasPrice: 2n * 10n ** 9n, gasLimit: 21000n, to: `0x${"cd".repeat(20)}`, value: 1n },
        { common: chain },
      ).sign(KEY);
      assert.equal(await call("eth_sendRawTransaction", [bytesToHex(tx.serialize())]), bytesToHex(tx.hash()), "the node serves RPC");
      // Instant mining (block time 0) makes a block per pending transaction; without mining nothing comes.
      const deadline = Date.now() + (mining ? 10_000 : 1_000);
      while (Date.now() < deadline && (await call("eth_blockNumber", [])) !== `0x${(n + 1).toString(16)}`)
        await new Promise((r) => setTimeout(r, 50));
      if (!mining) break;
    }
  } finally {
    await node.stop();
  }
  return { datadir, file: mining ? await exportDatadir(datadir) : "" };
}

async function openChainCommon(genesisText: string): Promise<Common> {
  const datadir = await initDatadir(genesisText);
  const chain = await openChain({ datadir });
  await chain.stateStore.close();
  await chain.store.close();
  return chain.common;
}

/** The file with one byte of block `index`'s last transaction changed (its signature then recovers another sender or none). */
function corruptBlock(file: string, index: number): string {
  const data = new Uint8Array(readFileSync(file));
  const entry = [...splitBlockFile(data)][index]!;
  // A byte near the end of the block: inside the transactions list (past the header), before the uncles list.
  data[entry.offset + entry.bytes.length - 10] = data[entry.offset + entry.bytes.length - 10]! ^ 0x01;
  const out = join(tempDir(), "corrupt.rlp");
  writeFileSync(out, data);
  return out;
}

/** Imports `file`, exports the result, imports that into a fresh datadir; returns the common head. */
async function assertRoundTrip(genesisText: string, file: string): Promise<{ number: bigint; hash: string; stateRoot: string }> {
  const source = await initDatadir(genesisText);
  const first = await importIntoDatadir(source, [file], { logger: createNoopLogger() });
  assert.equal(first.imported, first.total);
  const exported = await exportDatadir(source);
  assert.deepEqual(readFileSync(exported), readFileSync(file), "export writes the imported blocks byte for byte");
  const copy = await initDatadir(genesisText);
  const second = await importIntoDatadir(copy, [exported], { logger: createNoopLogger() });
  assert.equal(second.imported, first.imported);
  assert.deepEqual(await readHead(copy), await readHead(source));
  // Importing again changes nothing: every block is already there.
  const again = await importIntoDatadir(copy, [exported], { logger: createNoopLogger() });
  assert.deepEqual({ imported: again.imported, known: again.known }, { imported: 0, known: first.total });
  return readHead(copy);
}

/** The file with block `index`'s header claiming another state root (its hash changes with it). */
function corruptStateRoot(file: string, index: number, common: Common): string {
  const data = new Uint8Array(readFileSync(file));
  const entry = [...splitBlockFile(data)][index]!;
  const root = decodeBlock(entry.bytes, common).header.stateRoot;
  const at = Buffer.from(entry.bytes).indexOf(Buffer.from(root));
  data[entry.offset + at + 31] = data[entry.offset + at + 31]! ^ 0x01;
  const out = join(tempDir(), "corrupt.rlp");
  writeFileSync(out, data);
  return out;
}

async function assertCorruptRefused(genesisText: string, bad: string, index: number, reason: RegExp): Promise<void> {
  const datadir = await initDatadir(genesisText);
  await assert.rejects(importIntoDatadir(datadir, [bad], { logger: createNoopLogger() }), (err: Error) => {
    assert.match(err.message, new RegExp(`^import stopped at block ${index} of .*corrupt\\.rlp`));
    assert.match(err.message, /nothing after it is written/);
    assert.match(err.message, reason);
    return true;
  });
  const head = await readHead(datadir);
  assert.equal(head.number, BigInt(index), "every block before the bad one is imported, none after");
}

describe("eigenchain import / export", () => {
  it("round-trips a proof-of-work geth-format chain and refuses a corrupted block", async () => {
    const { genesisText, file, hashes, common } = await buildGethChain(4);
    const head = await assertRoundTrip(genesisText, file);
    assert.equal(head.hash, hashes.at(-1));
    await assertCorruptRefused(genesisText, corruptBlock(file, 2), 2, /transactions root does not match/);
    await assertCorruptRefused(genesisText, corruptStateRoot(file, 1, common), 1, /state root mismatch: header 0x/);
  });

  it("round-trips a chain of EIGENChain's own rules on the parallel executor", async () => {
    const { datadir, file } = await buildDevChain(3, true);
    const source = await readHead(datadir);
    assert.equal(source.number, 3n);
    const copy = await initDatadir(DEV_GENESIS);
    const summary = await importIntoDatadir(copy, [file], { logger: createNoopLogger() });
    assert.deepEqual(
      { parallel: summary.parallel, reference: summary.reference, transactions: summary.transactions },
      { parallel: 3, reference: 0, transactions: 3 },
    );
    assert.deepEqual(await readHead(copy), source);
  });

  it("a node started with mining off serves RPC and produces no block", async () => {
    const { datadir } = await buildDevChain(1, false);
    assert.equal((await readHead(datadir)).number, 0n);
  });

  it("refuses a truncated file before writing anything", async () => {
    const { genesisText, file } = await buildGethChain(2);
    const data = readFileSync(file);
    const truncated = join(tempDir(), "truncated.rlp");
    writeFileSync(truncated, data.subarray(0, data.length - 5));
    const datadir = await initDatadir(genesisText);
    await assert.rejects(importIntoDatadir(datadir, [truncated], { logger: createNoopLogger() }), /not a complete RLP list/);
    assert.equal((await readHead(datadir)).number, 0n);
  });

  // The conformance suite's chain (Frontier → Osaka, uncles, withdrawals, blobs), when it lies beside the repo.
  if (existsSync(join(suiteDir, "chain.rlp"))) {
    it("reproduces every block of the conformance chain, round-trips it and refuses a corrupted block", async () => {
      const genesisText = readFileSync(join(suiteDir, "genesis.json"), "utf8");
      const file = join(suiteDir, "chain.rlp");
      const head = await assertRoundTrip(genesisText, file);
      const fcu = JSON.parse(readFileSync(join(suiteDir, "headfcu.json"), "utf8")) as { params: [{ headBlockHash: string }] };
      assert.deepEqual([head.number, head.hash], [54n, fcu.params[0].headBlockHash]);
      await assertCorruptRefused(genesisText, corruptBlock(file, 30), 30, /transactions root does not match/);
    });
  }
});
