import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as exports from "../../src/index.js";

describe("@eigenchain/node exports", () => {
  it("are the curated list", () => {
    assert.deepEqual(Object.keys(exports).sort(), [
      "CLIENT_VERSION",
      "DEFAULT_RPC_OPTS",
      "EigenNode",
      "NODE_VERSION",
      "createLogger",
      "createNodeError",
      "createNodeMetrics",
      "createNoopLogger",
    ]);
  });
});
