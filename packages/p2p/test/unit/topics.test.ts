import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getGossipTopic, getReqRespProtocolId } from "../../src/index.js";

describe("wire names", () => {
  it("scopes topics and protocols by chain id", () => {
    assert.equal(getGossipTopic(1337n, "tx"), "/eigenchain/1337/tx/1");
    assert.equal(getReqRespProtocolId(1337n, "blocks_by_range"), "/eigenchain/1337/blocks_by_range/1");
  });
});
