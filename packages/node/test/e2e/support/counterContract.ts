/** A small Solidity contract compiled with solc's standard JSON API at test time. */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const solc = require("solc") as { compile(input: string): string };

export const COUNTER_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;
    event Incremented(address indexed by, uint256 newCount);

    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }

    function failWithReason() external pure {
        require(false, "counter: always fails");
    }

    function incrementThenFail() external {
        count += 1;
        require(false, "counter: write refused");
    }
}
`;

export interface CompiledContract {
  abi: readonly Record<string, unknown>[];
  bytecode: `0x${string}`;
}

let cached: CompiledContract | undefined;

export function compileCounter(): CompiledContract {
  if (cached !== undefined) return cached;
  const input = {
    language: "Solidity",
    sources: { "Counter.sol": { content: COUNTER_SOURCE } },
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Record<string, unknown>[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const contract = output.contracts["Counter.sol"]!.Counter!;
  cached = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return cached;
}
