// Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core, with a fresh profile, or a clear failure.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext } from "playwright-core";
import { chromium } from "playwright-core";

/** Debian's `chromium` package (`apt-get install -y chromium`; .ci/run installs it when missing). */
export const CHROMIUM_PATH = process.env.EIGEN_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Flags for a machine without a display, GPU or outside network: without the background-networking
 * ones Chromium keeps dialling Google's hosts, which a closed network refuses many times a second.
 */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a new empty --user-data-dir; throws (never skips) when it cannot. */
export async function launchBrowser(viewport = { width: 1440, height: 960 }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run 'apt-get install -y chromium' (or set EIGEN_CHROMIUM)`);
  }
  const profile = mkdtempSync(join(tmpdir(), "eigen-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport,
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`Chromium at ${CHROMIUM_PATH} could not be started: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
