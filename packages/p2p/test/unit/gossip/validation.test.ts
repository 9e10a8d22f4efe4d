import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GossipValidation } from "../../../src/gossip/validation.js";
import type { GossipValidator } from "../../../src/index.js";
import { createRecordingLogger } from "../../helpers/network.js";

const spec = { name: "tx", maxBytes: 4 };

describe("gossip validation adapter", () => {
  const table: Array<{ desc: string; validator: GossipValidator | null; data: number[]; expected: string; validatorCalled: boolean }> = [
    { desc: "no validator → ignore", validator: null, data: [1], expected: "ignore", validatorCalled: false },
    { desc: "accept", validator: () => "accept", data: [1], expected: "accept", validatorCalled: true },
    { desc: "async reject", validator: async () => "reject" as const, data: [1], expected: "reject", validatorCalled: true },
    { desc: "ignore", validator: () => "ignore", data: [1, 2, 3, 4], expected: "ignore", validatorCalled: true },
    {
      desc: "oversize → reject, validator not called",
      validator: () => "accept",
      data: [1, 2, 3, 4, 5],
      expected: "reject",
      validatorCalled: false,
    },
    {
      desc: "throwing validator → reject",
      validator: () => {
        throw new Error("boom");
      },
      data: [1],
      expected: "reject",
      validatorCalled: true,
    },
    {
      desc: "validator returning garbage → reject",
      validator: () => "toString" as never,
      data: [1],
      expected: "reject",
      validatorCalled: true,
    },
  ];
  for (const c of table) {
    it(c.desc, async () => {
      const logger = createRecordingLogger();
      const validation = new GossipValidation({ logger, metrics: null });
      let called = false;
      if (c.validator !== null) {
        const validator = c.validator;
        validation.setValidator("tx", (data, from) => {
          called = true;
          assert.equal(from, "peer-1");
          return validator(data, from);
        });
      }
      assert.equal(await validation.validate(spec, Uint8Array.from(c.data), "peer-1"), c.expected);
      assert.equal(called, c.validatorCalled);
    });
  }

  it("logs a throwing validator at debug with the error", async () => {
    const logger = createRecordingLogger();
    const validation = new GossipValidation({ logger, metrics: null });
    const boom = new Error("boom");
    validation.setValidator("tx", () => {
      throw boom;
    });
    await validation.validate(spec, Uint8Array.of(1), "peer-1");
    assert.deepEqual(
      logger.entries.map((e) => [e.level, e.message, e.err]),
      [["debug", "Gossip validator threw", boom]],
    );
  });
});
