// The devnet banner's dashboard URL: node0's page, watching the other nodes by port.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getDashboardUrl } from "../../../src/cli/commands/devnet.js";
import type { TestnetNode } from "../../../src/cli/testnetWriter.js";

const node = (i: number): TestnetNode => ({ rpcPort: 8545 + i }) as TestnetNode;

describe("getDashboardUrl", () => {
  const table = [
    { desc: "one node: its page alone", nodes: [node(0)], expected: "http://127.0.0.1:8545/dashboard/" },
    {
      desc: "four nodes: node0's page watching the other three",
      nodes: [0, 1, 2, 3].map(node),
      expected: "http://127.0.0.1:8545/dashboard/?nodes=8546,8547,8548",
    },
  ];
  for (const c of table) it(c.desc, () => assert.equal(getDashboardUrl(c.nodes, "127.0.0.1"), c.expected));
});
