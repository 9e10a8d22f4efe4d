// The mempool's learned-access reports, from the transactions a block executed.

import { toHex } from "@eigenchain/chain";
import type { ExecutedTransaction } from "@eigenchain/executor";
import type { ExecutionAccessReport } from "@eigenchain/mempool";

/**
 * The mempool's access reports for executed transactions: one per transaction the executor
 * reported accesses for (contract calls and type 0x05) that has a recipient and a 4-byte selector,
 * keyed by that contract and selector as the pool keys its learned access.
 */
export function getAccessReports(transactions: readonly ExecutedTransaction[]): ExecutionAccessReport[] {
  const reports: ExecutionAccessReport[] = [];
  for (const { tx, accessed } of transactions) {
    if (accessed === undefined || tx.to === undefined || tx.data.length < 4) continue;
    reports.push({
      contract: toHex(tx.to.bytes),
      selector: toHex(tx.data.subarray(0, 4)),
      accounts: accessed.accounts,
      slots: accessed.slots,
    });
  }
  return reports;
}
