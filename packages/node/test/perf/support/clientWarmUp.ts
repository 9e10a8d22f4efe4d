// Warms the load client's own code before any node is measured, so neither node pays for it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { runTransferLoad, type SignedTransfer } from "./transferLoad.js";

/** Answers every JSON-RPC request at once: a hash for a send, block 0 for the head, an empty block. */
function answerStub(body: string): unknown {
  const { id, method } = JSON.parse(body) as { id: unknown; method: string };
  const result = method === "eth_sendRawTransaction" ? `0x${"00".repeat(32)}` : method === "eth_blockNumber" ? "0x0" : { transactions: [] };
  return { jsonrpc: "2.0", id, result };
}

/**
 * Runs the whole load once against an in-process stub that answers at once. The client is a JIT-compiled
 * Node process: measured cold, the first node it loads pays for the client's warm-up (anvil took 2,066–2,990
 * transfers/s from a cold client and 3,080–4,314 from a warm one, in the same runs), and the second does not.
 */
export async function warmUpClient(transfers: readonly SignedTransfer[], concurrency: number): Promise<void> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = JSON.stringify(answerStub(Buffer.concat(chunks).toString()));
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await runTransferLoad({ url: `http://127.0.0.1:${port}`, transfers, concurrency, drainTimeoutMs: 0 });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
