// Warms the load client's own code before any node is measured, so neither node pays for it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { hashRawTransaction, runTransferLoad, type SignedTransfer } from "./transferLoad.js";

/** How often the stub "mines" what it was sent: the follower then handles blocks full of hashes, as against a node. */
const STUB_BLOCK_MS = 100;

/**
 * A chain that answers at once: a send returns the transaction's hash, and every STUB_BLOCK_MS the
 * head moves to a block listing what was sent since, so the client runs its whole path (sending,
 * following blocks, matching hashes) as it does against a real node.
 */
function createStubChain(): (body: string) => unknown {
  const blocks: string[][] = [[]];
  let pending: string[] = [];
  let lastBlockAt = performance.now();
  const head = (): number => {
    if (pending.length > 0 && performance.now() - lastBlockAt >= STUB_BLOCK_MS) {
      blocks.push(pending);
      pending = [];
      lastBlockAt = performance.now();
    }
    return blocks.length - 1;
  };
  return (body) => {
    const { id, method, params } = JSON.parse(body) as { id: unknown; method: string; params: string[] };
    let result: unknown;
    if (method === "eth_sendRawTransaction") {
      const hash = hashRawTransaction(params[0]!);
      pending.push(hash);
      result = hash;
    } else if (method === "eth_blockNumber") result = `0x${head().toString(16)}`;
    else result = { transactions: blocks[Number(params[0])] ?? [] };
    return { jsonrpc: "2.0", id, result };
  };
}

/**
 * Runs the whole load once against an in-process stub chain. The client is a JIT-compiled
 * Node process: measured cold, the first node it loads pays for the client's warm-up (anvil took 2,066–2,990
 * transfers/s from a cold client and 3,080–4,314 from a warm one, in the same runs), and the second does not.
 */
export async function warmUpClient(transfers: readonly SignedTransfer[], concurrency: number): Promise<void> {
  const answerStub = createStubChain();
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
