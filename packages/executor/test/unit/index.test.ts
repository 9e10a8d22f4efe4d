import assert from "node:assert/strict";
import { it } from "node:test";
import * as api from "../../src/index.js";

it("index exports exactly the curated API", () => {
  assert.deepEqual(Object.keys(api).sort(), [
    "BLOCKHASH_WINDOW",
    "DEFAULT_CALL_GAS_CAP",
    "DEFAULT_CALL_TIMEOUT_MS",
    "TRACE_TIMEOUT_MESSAGE",
    "TraceLimitError",
    "computeReceiptsRoot",
    "computeSpeculativeStateRoot",
    "computeTransactionsRoot",
    "createCallRunner",
    "createExecutorMetrics",
    "createParallelExecutor",
    "createSequentialExecutor",
    "createStateStore",
    "defaultWorkerCount",
    "executeBlockByReference",
    "formatCallTimeout",
    "getAccountProof",
    "traceBlock",
    "verifyBlock",
  ]);
});
