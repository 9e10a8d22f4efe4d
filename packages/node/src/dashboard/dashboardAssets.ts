// Serves the dashboard's bundled page (built into packages/dashboard/dist) under /dashboard/ on the RPC port.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";

/** Where the page lives on the RPC port. */
export const DASHBOARD_PATH = "/dashboard/";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/**
 * The page talks to this node and, given `?nodes=`, to other nodes' RPC ports; it loads nothing
 * from elsewhere (no CDN) and runs no inline script. Chart.js sizes its canvases with inline styles.
 */
const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss: http: https:",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-cache",
};

const NOT_BUILT_TEXT =
  "The dashboard is not built. Run `pnpm build` (or any of `pnpm devnet`, `pnpm test`, `pnpm eigenchain`, which build it first).\n";

/** packages/dashboard/dist, found through the workspace dependency; null when it is not there. */
export function findDashboardDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve("@eigenchain/dashboard/package.json");
    const dist = join(dirname(pkg), "dist");
    return existsSync(join(dist, "index.html")) ? dist : null;
  } catch {
    return null;
  }
}

interface Asset {
  type: string;
  body: Buffer;
}

/** The bundle's files, read once at start (a few hundred KB), served by name: no paths from requests touch the disk. */
export class DashboardAssets {
  private constructor(private readonly files: ReadonlyMap<string, Asset> | null) {}

  /** Reads `dir` (default: the built bundle); a missing bundle serves a page saying how to build it. */
  static load(dir: string | null = findDashboardDir()): DashboardAssets {
    if (dir === null) return new DashboardAssets(null);
    const files = new Map<string, Asset>();
    const walk = (sub: string): void => {
      for (const name of readdirSync(join(dir, sub))) {
        const rel = sub === "" ? name : `${sub}/${name}`;
        if (statSync(join(dir, rel)).isDirectory()) walk(rel);
        else files.set(rel, { type: CONTENT_TYPES[extname(name)] ?? "application/octet-stream", body: readFileSync(join(dir, rel)) });
      }
    };
    walk("");
    return new DashboardAssets(files);
  }

  get built(): boolean {
    return this.files !== null;
  }

  /** Answers a GET for `path` when it is the dashboard's; false leaves the request to the caller. */
  handle(path: string, res: ServerResponse): boolean {
    if (path === "/dashboard") {
      res.writeHead(301, { Location: DASHBOARD_PATH, "Content-Length": 0 });
      res.end();
      return true;
    }
    if (!path.startsWith(DASHBOARD_PATH)) return false;
    const name = path.slice(DASHBOARD_PATH.length) || "index.html";
    if (this.files === null) {
      res.writeHead(503, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(NOT_BUILT_TEXT) });
      res.end(NOT_BUILT_TEXT);
      return true;
    }
    const asset = this.files.get(name);
    if (asset === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain", "Content-Length": 10 });
      res.end("not found\n");
      return true;
    }
    res.writeHead(200, { "Content-Type": asset.type, "Content-Length": asset.body.length, ...SECURITY_HEADERS });
    res.end(asset.body);
    return true;
  }
}
