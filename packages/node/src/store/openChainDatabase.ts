// Opens (or creates) the node's one LevelDB in its datadir.
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Level } from "level";
import { createNodeError } from "../errors.js";

export type ChainDatabase = Level<Uint8Array, Uint8Array>;

function getChainDataPath(datadir: string): string {
  return join(datadir, "chaindata");
}

function isDirectory(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Opens (or, with `create`, creates) the node's one LevelDB under `<datadir>/chaindata`, turning
 * LevelDB's failures into errors an operator can act on: a second process on the same datadir, a
 * datadir that is a file, a damaged database.
 */
export async function openChainDatabase(datadir: string, opts: { create: boolean }): Promise<ChainDatabase> {
  const datadirKind = isDirectory(datadir);
  if (datadirKind === false) {
    throw createNodeError({ code: "NODE_DATADIR_INVALID", datadir }, `datadir ${datadir} is not a directory`);
  }
  const chaindata = getChainDataPath(datadir);
  const chaindataKind = isDirectory(chaindata);
  if (chaindataKind === false) {
    throw createNodeError({ code: "NODE_DATADIR_INVALID", datadir }, `datadir ${datadir} is damaged: ${chaindata} is not a directory`);
  }
  if (chaindataKind === undefined) {
    if (!opts.create) {
      throw createNodeError(
        { code: "NODE_DATADIR_UNINITIALIZED", datadir },
        `datadir ${datadir} is not initialized: run 'eigenchain init --genesis FILE --datadir ${datadir}' first, or pass --genesis`,
      );
    }
    mkdirSync(datadir, { recursive: true });
  }
  const db: ChainDatabase = new Level<Uint8Array, Uint8Array>(chaindata, {
    keyEncoding: "view",
    valueEncoding: "view",
  });
  try {
    await db.open({ createIfMissing: opts.create });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (errorCode(cause) === "LEVEL_LOCKED" || errorCode(err) === "LEVEL_LOCKED") {
      throw createNodeError({ code: "NODE_DATADIR_LOCKED", datadir }, `datadir is locked by another process: ${datadir}`, err);
    }
    const detail = cause instanceof Error ? cause.message : (err as Error).message;
    throw createNodeError(
      { code: "NODE_DATADIR_INVALID", datadir },
      `datadir ${datadir} is damaged: cannot open its database (${detail})`,
      err,
    );
  }
  return db;
}
