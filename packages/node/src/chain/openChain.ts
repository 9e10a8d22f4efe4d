// Opens a data directory's chain: writes block 0 on a fresh one, or loads and checks the head of an existing one.
import type { Block, Common, Genesis } from "@eigenchain/chain";
import { createGenesisCommon, parseGenesisJson } from "@eigenchain/chain";
import type { StateStore } from "@eigenchain/executor";
import { createStateStore } from "@eigenchain/executor";
import { bytesToHex, equalsBytes } from "@ethereumjs/util";
import { createNodeError } from "../errors.js";
import { BlockStore } from "../store/blockStore.js";
import { openChainDatabase } from "../store/openChainDatabase.js";
import { createGenesisBlock } from "./genesisBlock.js";

/** An opened data directory: the chain's config, its stores and its head. */
export interface OpenedChain {
  genesis: Genesis;
  common: Common;
  store: BlockStore;
  stateStore: StateStore;
  head: Block;
  /** True when this call wrote block 0. */
  initialized: boolean;
}

export interface OpenChainOpts {
  datadir: string;
  /** Genesis file text: initializes an empty datadir, and must match an initialized one. */
  genesisText?: string;
}

async function buildGenesisBlock(genesis: Genesis, common: Common, stateStore: StateStore): Promise<Block> {
  const root = await stateStore.buildGenesis(genesis);
  return createGenesisBlock(genesis, root, common);
}

/**
 * Opens `<datadir>/chaindata`: writes block 0 from the genesis on a fresh datadir, or loads the head
 * of an initialized one (checking a given genesis against the stored block 0 and that the head's
 * state is readable). Every failure is a NodeError or a GENESIS_INVALID error with a clear message;
 * the database is closed again on failure.
 */
export async function openChain(opts: OpenChainOpts): Promise<OpenedChain> {
  const { datadir } = opts;
  // Parse a given file first: a malformed genesis must not create or lock anything.
  const givenGenesis = opts.genesisText === undefined ? undefined : parseGenesisJson(opts.genesisText);
  const db = await openChainDatabase(datadir, { create: givenGenesis !== undefined });
  let stateStore: StateStore | undefined;
  try {
    const storedText = await BlockStore.readStoredGenesis(db);
    if (storedText === undefined && opts.genesisText === undefined) {
      throw createNodeError(
        { code: "NODE_DATADIR_UNINITIALIZED", datadir },
        `datadir ${datadir} is not initialized: run 'eigenchain init --genesis FILE --datadir ${datadir}' first, or pass --genesis`,
      );
    }
    let genesis: Genesis;
    try {
      genesis = storedText === undefined ? givenGenesis! : parseGenesisJson(storedText);
    } catch (err) {
      throw createNodeError(
        { code: "NODE_DATADIR_INVALID", datadir },
        `datadir ${datadir} is damaged: its stored genesis is unreadable`,
        err,
      );
    }
    const common = createGenesisCommon(genesis);
    const store = new BlockStore(db, common, datadir);
    const states: StateStore = await createStateStore({ db: store.stateDb }, { common });
    stateStore = states;
    if (storedText === undefined) {
      const block = await buildGenesisBlock(genesis, common, states);
      await store.commitBlock(block, [], states.pendingWrites(block.header.stateRoot), { genesisText: opts.genesisText! });
      states.onCommitted(block.header.stateRoot);
      return { genesis, common, store, stateStore: states, head: block, initialized: true };
    }
    const head = await store.loadHead();
    const storedGenesisBlock = await store.getBlockByNumber(0n);
    if (head === undefined || storedGenesisBlock === undefined) {
      throw createNodeError(
        { code: "NODE_DATADIR_INVALID", datadir },
        `datadir ${datadir} is damaged: it has a genesis file but no blocks`,
      );
    }
    if (givenGenesis !== undefined && givenGenesis.chainId !== genesis.chainId) {
      // The chain id is not in the header: compare it on its own.
      throw createNodeError(
        {
          code: "NODE_GENESIS_MISMATCH",
          stored: `chain id ${genesis.chainId}`,
          given: `chain id ${givenGenesis.chainId}`,
        },
        `genesis mismatch: datadir ${datadir} holds chain id ${genesis.chainId}, the given genesis file has chain id ${givenGenesis.chainId}`,
      );
    }
    if (givenGenesis !== undefined) {
      const givenBlock = await buildGenesisBlock(givenGenesis, createGenesisCommon(givenGenesis), states);
      states.onCommitted(givenBlock.header.stateRoot);
      if (!equalsBytes(givenBlock.hash(), storedGenesisBlock.hash())) {
        const stored = bytesToHex(storedGenesisBlock.hash());
        const given = bytesToHex(givenBlock.hash());
        throw createNodeError(
          { code: "NODE_GENESIS_MISMATCH", stored, given },
          `genesis mismatch: datadir ${datadir} holds a chain with genesis ${stored}, the given genesis file gives ${given}`,
        );
      }
    }
    try {
      await states.view(head.header.stateRoot).getAccount(new Uint8Array(20));
    } catch (err) {
      throw createNodeError(
        { code: "NODE_DATADIR_INVALID", datadir },
        `datadir ${datadir} is damaged: the state of head block ${head.header.number} is unreadable`,
        err,
      );
    }
    return { genesis, common, store, stateStore: states, head, initialized: false };
  } catch (err) {
    await stateStore?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw err;
  }
}
