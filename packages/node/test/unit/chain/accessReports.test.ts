import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createChainCommon } from "@eigenchain/chain";
import type { ExecutedTransaction, TransactionAccess } from "@eigenchain/executor";
import { createFeeMarket1559Tx } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import { getAccessReports } from "../../../src/chain/accessReports.js";

const common = createChainCommon(57710n);
const CONTRACT: `0x${string}` = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const accessed: TransactionAccess = {
  accounts: ["0x5fbdb2315678afecb367f032d93f642f64180aa3", "0x00000000000000000000000000000000000000aa"],
  slots: [`0x5fbdb2315678afecb367f032d93f642f64180aa3/0x${"00".repeat(32)}`],
};

function executed(fields: { to?: `0x${string}`; data: string }, access?: TransactionAccess): ExecutedTransaction {
  const tx = createFeeMarket1559Tx(
    {
      gasLimit: 100_000n,
      maxFeePerGas: 10n,
      data: hexToBytes(fields.data as `0x${string}`),
      ...(fields.to === undefined ? {} : { to: fields.to }),
    },
    { common },
  );
  return {
    tx,
    sender: new Uint8Array(20),
    receipt: {} as never,
    gasUsed: 0n,
    effectiveGasPrice: 0n,
    logs: [],
    ...(access === undefined ? {} : { accessed: access }),
  };
}

describe("getAccessReports", () => {
  const table: { desc: string; input: ExecutedTransaction; expected: ReturnType<typeof getAccessReports> }[] = [
    {
      desc: "a contract call the executor reported: keyed by contract (lower case) and selector",
      input: executed({ to: CONTRACT, data: "0xd09de08a0000" }, accessed),
      expected: [{ contract: CONTRACT.toLowerCase(), selector: "0xd09de08a", accounts: accessed.accounts, slots: accessed.slots }],
    },
    { desc: "nothing reported (a plain transfer)", input: executed({ to: CONTRACT, data: "0x" }), expected: [] },
    {
      desc: "reported, but no selector (a 0x05 value transfer)",
      input: executed({ to: CONTRACT, data: "0x010203" }, accessed),
      expected: [],
    },
    { desc: "reported, but a contract creation", input: executed({ data: "0xd09de08a" }, accessed), expected: [] },
  ];
  for (const c of table) {
    it(c.desc, () => {
      assert.deepEqual(getAccessReports([c.input]), c.expected);
    });
  }
});
