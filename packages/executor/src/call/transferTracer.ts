// eth_simulateV1's traceTransfers: every ETH value transfer as an ERC-20-like Transfer log, in execution order with the real logs.
import type { Log } from "@eigenchain/chain";
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import { bigIntToBytes, hexToBytes, setLengthLeft } from "@ethereumjs/util";
import type { ExecutionVm } from "../vm/txKernel.js";

/** The pseudo-address geth's simulation logs ETH transfers from (EIP-7528's native asset address). */
const ETH_ADDRESS = hexToBytes("0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
/** keccak256("Transfer(address,address,uint256)"). */
const TRANSFER_TOPIC = hexToBytes("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");

function word(value: bigint): Uint8Array {
  return setLengthLeft(bigIntToBytes(value), 32);
}

function readMemory(memory: Uint8Array, offset: bigint, size: bigint): Uint8Array {
  const out = new Uint8Array(Number(size));
  const start = Number(offset);
  if (start < memory.length) out.set(memory.subarray(start, Math.min(memory.length, start + out.length)));
  return out;
}

/**
 * Collects one transaction's logs frame by frame: a frame's real logs (LOG0–LOG4, read at the
 * opcode) and, where it moves value, a Transfer log first; a frame that fails drops its own and
 * its callees' logs, as the EVM does. `logs` is the transaction's list once it ran.
 */
export class TransferTracer {
  private readonly frames: { logs: Log[]; create?: Log }[] = [];
  logs: Log[] = [];

  constructor(private readonly exec: ExecutionVm) {}

  private readonly onStep = (step: InterpreterStep): void => {
    const name = step.opcode.name;
    if (!name.startsWith("LOG")) return;
    const frame = this.frames[this.frames.length - 1];
    const s = step.stack;
    if (frame === undefined || s.length < 2) return;
    const topics: Uint8Array[] = [];
    for (let i = 0; i < Number(name.slice(3)); i++) topics.push(word(s[s.length - 3 - i] ?? 0n));
    frame.logs.push({ address: step.address.bytes, topics, data: readMemory(step.memory, s[s.length - 1]!, s[s.length - 2]!) });
  };

  private readonly onBefore = (message: Message): void => {
    const frame: { logs: Log[]; create?: Log } = { logs: [] };
    if (message.value > 0n && !message.delegatecall) {
      const log = {
        address: ETH_ADDRESS,
        topics: [TRANSFER_TOPIC, setLengthLeft(message.caller.bytes, 32), setLengthLeft(message.to?.bytes ?? new Uint8Array(), 32)],
        data: word(message.value),
      };
      frame.logs.push(log);
      if (message.to === undefined) frame.create = log;
    }
    this.frames.push(frame);
  };

  private readonly onAfter = (result: EVMResult): void => {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    if (frame.create !== undefined && result.createdAddress !== undefined)
      frame.create.topics[2] = setLengthLeft(result.createdAddress.bytes, 32);
    if (result.execResult.exceptionError !== undefined) return;
    const parent = this.frames[this.frames.length - 1];
    if (parent === undefined) this.logs = frame.logs;
    else parent.logs.push(...frame.logs);
  };

  /** Runs `run` with the hooks on the VM's events. */
  async trace<T>(run: () => Promise<T>): Promise<T> {
    const events = this.exec.vm.evm.events;
    if (events === undefined) return run();
    this.frames.length = 0;
    this.logs = [];
    events.on("step", this.onStep);
    events.on("beforeMessage", this.onBefore);
    events.on("afterMessage", this.onAfter);
    try {
      return await run();
    } finally {
      events.off("step", this.onStep);
      events.off("beforeMessage", this.onBefore);
      events.off("afterMessage", this.onAfter);
    }
  }
}
