import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseBlockExecutorWorkers } from "../../../src/chain/blockExecutorWorkers.js";

describe("the block executor's default workers", () => {
  it("runs the kernel on the main thread up to 2 cores and gives the workers the other cores above", () => {
    assert.equal(chooseBlockExecutorWorkers(1), 1);
    assert.equal(chooseBlockExecutorWorkers(2), 1);
    assert.equal(chooseBlockExecutorWorkers(3), 2);
    assert.equal(chooseBlockExecutorWorkers(16), 15);
  });
});
