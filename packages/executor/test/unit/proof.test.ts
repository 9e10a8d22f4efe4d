import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChainCommon, keccak256, parseGenesis } from "@eigenchain/chain";
import { verifyMerkleProof } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { bigIntToBytes, bytesToHex, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import { createStateStore, getAccountProof } from "../../src/index.js";
import { bytesToHexFast } from "../../src/state/bytes.js";

const common = createChainCommon(1n);

function memoryDb() {
  const map = new Map<string, Uint8Array>();
  return {
    async get(key: Uint8Array) {
      return map.get(bytesToHexFast(key));
    },
  };
}

function slot(n: number): Uint8Array {
  return setLengthLeft(bigIntToBytes(BigInt(n)), 32);
}

/** 40 funded accounts (branches several levels deep) and a contract with 20 storage slots. */
const CONTRACT = "0x00000000000000000000000000000000000c0de1";
const alloc: Record<string, unknown> = { [CONTRACT]: { balance: "0x5", code: "0x6001", storage: {} as Record<string, string> } };
for (let i = 1; i <= 40; i++) alloc[`0x${i.toString(16).padStart(40, "0")}`] = { balance: `0x${(i * 1000).toString(16)}` };
for (let i = 0; i < 20; i++)
  (alloc[CONTRACT] as { storage: Record<string, string> }).storage[bytesToHex(slot(i))] = bytesToHex(slot(i * 7 + 1));

describe("eth_getProof data (EIP-1186)", () => {
  it("proves present and absent accounts and slots, checked by ethereumjs' verifier", async () => {
    const store = await createStateStore({ db: memoryDb() }, { common });
    const root = await store.buildGenesis(parseGenesis({ config: { chainId: 1 }, alloc, gasLimit: "0x1c9c380" }));
    const cases: { desc: string; address: string; balance: bigint; present: boolean }[] = [
      { desc: "a funded account", address: `0x${(7).toString(16).padStart(40, "0")}`, balance: 7000n, present: true },
      { desc: "the contract", address: CONTRACT, balance: 5n, present: true },
      { desc: "an absent account", address: "0x00000000000000000000000000000000deadbeef", balance: 0n, present: false },
    ];
    for (const c of cases) {
      const address = hexToBytes(c.address as `0x${string}`);
      const slots = [slot(3), slot(19), slot(500)];
      const proof = await getAccountProof(store, root, address, slots);
      assert.equal(proof.account.balance, c.balance, c.desc);
      assert.deepEqual(keccak256(proof.accountProof[0]!), root, `${c.desc}: the proof starts at the state root`);
      const leaf = await verifyMerkleProof(keccak256(address), proof.accountProof, { root } as never);
      if (c.present) assert.ok(leaf !== null && RLP.decode(leaf) !== undefined, `${c.desc}: the proof holds the account`);
      else assert.equal(leaf, null, `${c.desc}: the proof shows it absent`);
      for (const [i, s] of proof.storageProof.entries()) {
        const expected = c.address === CONTRACT && i < 2 ? BigInt(Number(slots[i]![31]) * 7 + 1) : 0n;
        assert.equal(s.value, expected, `${c.desc}: slot ${i}`);
        if (proof.account.storageRoot.length === 32 && s.proof.length > 0) {
          assert.deepEqual(keccak256(s.proof[0]!), proof.account.storageRoot);
          const value = await verifyMerkleProof(keccak256(s.key), s.proof, { root: proof.account.storageRoot } as never);
          assert.equal(
            value === null ? 0n : BigInt(bytesToHex(RLP.decode(value) as Uint8Array)),
            expected,
            `${c.desc}: slot ${i} verifies`,
          );
        } else {
          assert.equal(expected, 0n, `${c.desc}: an empty storage trie proves only zeros`);
        }
      }
    }
    await store.close();
  });
});
