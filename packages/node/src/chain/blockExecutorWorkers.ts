// How many worker threads the node's block executor gets when the operator does not say: a measured rule.
import { availableParallelism } from "node:os";

/**
 * The block executor's workers when --executor.workers is not given. On at most 2 cores, 1: the
 * parallel kernel runs on the main thread. There threads only share the same two cores with RPC,
 * admission and the node's clients, and cost more CPU per transaction than they save (messages, each
 * worker decoding the block again): bench:node (2,000 transfers, 16 clients, five alternated pairs)
 * took 1,143–1,611 tx/s with 1 against 898–1,585 with 2, p99 submit → block 966–1,147 ms against
 * 1,218–1,545, node CPU 0.9–1.2 ms per transfer against 1.0–1.7, and 150 MB against 245 MB.
 * Above 2 cores, cores − 1: the workers get cores the main thread does not use.
 */
export function chooseBlockExecutorWorkers(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : cores - 1;
}
