// What the chain package's unit tests share: the devnet's chain and its first two accounts.
import { hexToBytes } from "@ethereumjs/util";
import { createChainCommon } from "../../src/index.js";

/** The devnet's Common (chain id 57710). */
export const common = createChainCommon(57710n);
/** The private key of the devnet's first funded account (0xf39f…2266, anvil's first test key). */
export const key = hexToBytes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
/** The devnet's second account, the tests' recipient. */
export const to = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
