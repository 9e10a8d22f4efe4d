// `eigenchain init` with a geth genesis, `import` and `export` as an operator runs them: output lines, exit codes, files.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { OpenedChain } from "../../src/chain/openChain.js";
import { openChain } from "../../src/chain/openChain.js";
import { createTempDir, killAll, REPO_ROOT, runCli } from "./support/nodeDsl.js";

async function closeChain(chain: OpenedChain): Promise<void> {
  await chain.stateStore.close();
  await chain.store.close();
}

const suiteDir = join(REPO_ROOT, "../shared/rpc-compat");

/** A geth genesis with every fork through Cancun active from genesis (post-merge, by block and by time). */
const GETH_GENESIS = {
  config: {
    chainId: 31337,
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
    mergeNetsplitBlock: 0,
    terminalTotalDifficulty: 0,
    shanghaiTime: 0,
    cancunTime: 0,
  },
  nonce: "0x0",
  timestamp: "0x0",
  extraData: "0x",
  gasLimit: "0x1c9c380",
  difficulty: "0x0",
  alloc: { "0x00000000000000000000000000000000000000aa": { balance: "0x1" } },
};

describe("eigenchain init / import / export", () => {
  after(async () => {
    await killAll();
  });

  it("initialises from a geth genesis and refuses a file that is not blocks", async () => {
    const dir = createTempDir();
    const genesis = join(dir, "genesis.json");
    writeFileSync(genesis, JSON.stringify(GETH_GENESIS));
    const datadir = join(dir, "data");
    const init = await runCli(["init", "--genesis", genesis, "--datadir", datadir]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(init.stdout, /^Initialized .*: chain id 31337, genesis 0x[0-9a-f]{64}, head 0/);
    const junk = join(dir, "junk.rlp");
    writeFileSync(junk, "not blocks");
    const bad = await runCli(["import", "--datadir", datadir, junk]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Fatal: block file .*junk\.rlp: item 0 at byte 0 is not a complete RLP list/);
  });

  if (existsSync(join(suiteDir, "chain.rlp"))) {
    it("imports the conformance chain with a progress line, exports it byte for byte, stops at a corrupted block", async () => {
      const dir = createTempDir();
      const datadir = join(dir, "data");
      assert.equal((await runCli(["init", "--genesis", join(suiteDir, "genesis.json"), "--datadir", datadir])).code, 0);
      const imported = await runCli(["import", "--datadir", datadir, join(suiteDir, "chain.rlp")], 120_000);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /Imported 54\/54 blocks \(head 54, 249 txs\), [\d.]+ blocks\/s, elapsed [\d.]+ m?s, ETA 0 ms/);
      assert.match(
        imported.stdout,
        /Import done: 54 blocks imported \(4 parallel, 50 reference\), 0 already present; head 54 0xd226371d0b1551adb03fb52b71f08e3e11247fe9b1af994768af8cdaa8e7dcd7/,
      );
      const file = join(dir, "out.rlp");
      const exported = await runCli(["export", "--datadir", datadir, "--from", "1", "--to", "54", file]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.deepEqual(readFileSync(file), readFileSync(join(suiteDir, "chain.rlp")));
      // The header of block 5 (file position 4) claims another gas used: refused there, blocks 1–4 kept.
      const data = readFileSync(file);
      const corrupt = join(dir, "corrupt.rlp");
      const fresh = join(dir, "fresh");
      await closeChain(await openChain({ datadir: fresh, genesisText: readFileSync(join(suiteDir, "genesis.json"), "utf8") }));
      writeFileSync(corrupt, corruptGasUsed(data, 4));
      const bad = await runCli(["import", "--datadir", fresh, corrupt], 120_000);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /^Fatal: import stopped at block 4 of .*corrupt\.rlp \(number 5, hash 0x[0-9a-f]{64}\), byte \d+: /);
      const kept = await openChain({ datadir: fresh });
      const head = kept.store.getHead().header.number;
      await closeChain(kept);
      assert.equal(head, 4n, "blocks 1–4 are kept, nothing after");
    });
  }
});

/** The file with the header of the block at `index` claiming one more unit of gas used (its last gasUsed byte + 1). */
function corruptGasUsed(data: Buffer, index: number): Buffer {
  const out = Buffer.from(data);
  let offset = 0;
  for (let i = 0; i < index; i++) offset += itemLength(out, offset);
  // Header fields: parentHash, uncles, coinbase, stateRoot, txRoot, receiptsRoot (33/33/21/33/33/33), bloom (259), difficulty, number, gasLimit, gasUsed.
  let at = offset + headerPrefix(out, offset) + headerPrefix(out, offset + headerPrefix(out, offset)) + 33 + 33 + 21 + 33 + 33 + 33 + 259;
  for (let field = 0; field < 3; field++) at += itemLength(out, at);
  const length = itemLength(out, at);
  out[at + length - 1] = (out[at + length - 1]! + 1) & 0xff;
  return out;
}

function headerPrefix(data: Buffer, offset: number): number {
  const first = data[offset]!;
  return first <= 0xf7 ? 1 : 1 + (first - 0xf7);
}

function itemLength(data: Buffer, offset: number): number {
  const first = data[offset]!;
  if (first < 0x80) return 1;
  if (first <= 0xb7) return 1 + first - 0x80;
  if (first < 0xc0) {
    const n = first - 0xb7;
    return 1 + n + data.readUIntBE(offset + 1, n);
  }
  if (first <= 0xf7) return 1 + first - 0xc0;
  const n = first - 0xf7;
  return 1 + n + data.readUIntBE(offset + 1, n);
}
