/**
 * The shapes of the Ethereum execution fixtures (ethereum/tests and execution-spec-tests), as far
 * as the conformance runner reads them, and the cases it expands them into.
 */

/** An account of a fixture's `pre` / `postState`. */
export interface FixtureAccount {
  balance: string;
  nonce: string;
  code: string;
  storage: Record<string, string>;
}

export type FixtureAlloc = Record<string, FixtureAccount>;

export interface StateTestEnv {
  currentCoinbase: string;
  currentGasLimit: string;
  currentNumber: string;
  currentTimestamp: string;
  currentBaseFee?: string;
  currentRandom?: string;
  currentDifficulty?: string;
  currentExcessBlobGas?: string;
  previousHash?: string;
}

export interface FixtureAuthorization {
  chainId: string;
  address: string;
  nonce: string;
  v?: string;
  yParity?: string;
  r: string;
  s: string;
}

/** The transaction matrix of a state test: `data`, `gasLimit` and `value` are indexed by `post[].indexes`. */
export interface StateTestTransaction {
  nonce: string;
  gasLimit: string[];
  value: string[];
  data: string[];
  to: string;
  secretKey: string;
  sender?: string;
  gasPrice?: string;
  maxFeePerGas?: string;
  maxPriorityFeePerGas?: string;
  accessLists?: ({ address: string; storageKeys: string[] }[] | null)[];
  maxFeePerBlobGas?: string;
  blobVersionedHashes?: string[];
  authorizationList?: FixtureAuthorization[];
}

export interface StatePostEntry {
  /** Expected state root. */
  hash: string;
  /** keccak256(rlp(logs)). */
  logs: string;
  txbytes?: string;
  indexes: { data: number; gas: number; value: number };
  /** The transaction is invalid: the post state is the pre state. */
  expectException?: string;
}

export interface StateTestJson {
  env: StateTestEnv;
  pre: FixtureAlloc;
  transaction: StateTestTransaction;
  post: Record<string, StatePostEntry[]>;
}

export interface FixtureBlockHeader {
  number: string;
  timestamp: string;
  gasLimit: string;
  gasUsed: string;
  baseFeePerGas?: string;
  coinbase: string;
  mixHash: string;
  parentHash: string;
  stateRoot: string;
  receiptTrie: string;
  bloom: string;
  hash: string;
  excessBlobGas?: string;
  parentBeaconBlockRoot?: string;
}

export interface FixtureBlock {
  rlp: string;
  blockHeader?: FixtureBlockHeader;
  /** Set when the block is meant to be rejected. */
  expectException?: string;
}

export interface BlockchainTestJson {
  network: string;
  genesisBlockHeader: FixtureBlockHeader;
  pre: FixtureAlloc;
  blocks: FixtureBlock[];
  postState?: FixtureAlloc;
  postStateHash?: string;
  lastblockhash: string;
}

/** The forks this runner executes; any other is reported as skipped with its name. */
export const SUPPORTED_FORKS = ["Shanghai", "Cancun", "Prague"] as const;
export type SupportedFork = (typeof SUPPORTED_FORKS)[number];

export function isSupportedFork(fork: string): fork is SupportedFork {
  return (SUPPORTED_FORKS as readonly string[]).includes(fork);
}

export interface StateCase {
  kind: "state";
  id: string;
  fork: SupportedFork;
  test: StateTestJson;
  post: StatePostEntry;
}

export interface BlockchainCase {
  kind: "blockchain";
  id: string;
  fork: SupportedFork;
  test: BlockchainTestJson;
}

export interface SkippedCase {
  kind: "skipped";
  id: string;
  fork: string;
  reason: string;
}

export type FixtureCase = StateCase | BlockchainCase | SkippedCase;

export type CaseStatus = "passed" | "failed" | "skipped";

export interface CaseResult {
  id: string;
  status: CaseStatus;
  fork: string;
  /** The first mismatch (failed) or why it did not run (skipped). */
  message?: string;
}
