import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { HDNodeWallet, Mnemonic } from "ethers";
import { DEVNET_ACCOUNTS, DEVNET_MNEMONIC } from "../../../src/cli/devnetAccounts.js";

describe("devnet accounts", () => {
  it("are the test mnemonic's first ten accounts, each funded in genesis/devnet.json", () => {
    const genesis = JSON.parse(readFileSync(join(import.meta.dirname, "../../../../../genesis/devnet.json"), "utf8")) as {
      alloc: Record<string, unknown>;
    };
    const funded = new Set(Object.keys(genesis.alloc).map((a) => a.toLowerCase()));
    const mnemonic = Mnemonic.fromPhrase(DEVNET_MNEMONIC);
    assert.equal(DEVNET_ACCOUNTS.length, 10);
    for (const [i, account] of DEVNET_ACCOUNTS.entries()) {
      const wallet = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
      assert.equal(wallet.privateKey, account.privateKey);
      assert.equal(wallet.address, account.address);
      assert.ok(funded.has(account.address.toLowerCase()), `${account.address} is not funded`);
    }
  });
});
