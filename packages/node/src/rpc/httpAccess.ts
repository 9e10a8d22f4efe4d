// Who may reach the RPC port from a browser (CORS, Host and Origin allow-lists), as geth decides it.
import { isIP } from "node:net";

/**
 * Who may reach the RPC port from a browser, as geth decides it: CORS only for the origins named
 * (`--rpc.corsdomain`), a Host allow-list against DNS rebinding (`--rpc.vhosts`), an Origin
 * allow-list for WebSocket upgrades (`--ws.origins`). `*` in a list allows everything.
 */
export interface HttpAccessOpts {
  /** Origins sent back in Access-Control-Allow-Origin; empty: no CORS headers at all (geth's default). */
  corsDomains: readonly string[];
  /** Host header names accepted on HTTP requests; IP literals are always accepted (as geth does). */
  vhosts: readonly string[];
  /** Origins allowed to open a WebSocket; a request without an Origin (not a browser) is always allowed. */
  wsOrigins: readonly string[];
}

export const DEFAULT_HTTP_ACCESS: HttpAccessOpts = { corsDomains: [], vhosts: ["localhost"], wsOrigins: [] };

/** geth's texts for refused requests. */
export const INVALID_HOST_TEXT = "invalid host specified\n";
export const INVALID_ORIGIN_TEXT = "websocket: request origin not allowed\n";
export const INVALID_CONTENT_TYPE_TEXT = "invalid content type, only application/json is supported\n";

/** Media types geth accepts for a JSON-RPC body. */
const JSON_MEDIA_TYPES = new Set(["application/json", "application/json-rpc", "application/jsonrequest"]);

/** A comma-separated flag value ("a, b,,c") as a list. */
export function parseNameList(text: string): string[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function hostWithoutPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end === -1 ? host : host.slice(1, end);
  }
  const colon = host.lastIndexOf(":");
  // Two colons or more: an IPv6 literal without brackets (no port).
  if (colon === -1 || host.indexOf(":") !== colon) return host;
  return host.slice(0, colon);
}

/** Whether an HTTP request's Host header names this node (geth's virtual-host check). */
export function isHostAllowed(hostHeader: string | undefined, vhosts: readonly string[]): boolean {
  if (hostHeader === undefined || hostHeader === "") return true;
  const host = hostWithoutPort(hostHeader.trim()).toLowerCase();
  if (isIP(host) !== 0) return true;
  return vhosts.some((allowed) => allowed === "*" || allowed.toLowerCase() === host);
}

/** The origin's host[:port] ("https://app.example:8080" → "app.example:8080"), or undefined. */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function originMatches(origin: string, allowed: readonly string[]): boolean {
  const lower = origin.toLowerCase();
  const host = originHost(lower);
  return allowed.some((entry) => {
    const wanted = entry.toLowerCase();
    if (wanted === "*" || wanted === lower) return true;
    // An entry without a scheme ("localhost:3000") matches that host over any scheme, as geth's does.
    return !wanted.includes("://") && host !== undefined && (wanted === host || wanted === hostWithoutPort(host));
  });
}

/** The Access-Control-Allow-Origin to send for this Origin, or null for none. */
export function getCorsAllowOrigin(origin: string | undefined, corsDomains: readonly string[]): string | null {
  if (corsDomains.length === 0) return null;
  if (corsDomains.includes("*")) return "*";
  if (origin === undefined || origin === "") return null;
  return originMatches(origin, corsDomains) ? origin : null;
}

/** Whether a WebSocket upgrade from this Origin is allowed; no Origin means not a browser. */
export function isWsOriginAllowed(origin: string | undefined, wsOrigins: readonly string[]): boolean {
  if (origin === undefined || origin === "") return true;
  return originMatches(origin, wsOrigins);
}

/**
 * Whether a WebSocket upgrade comes from a page of this very server: the Origin is http(s)://<Host>
 * and that Host passes the virtual-host check (so a DNS-rebinding name does not count as "same").
 */
export function isSameOriginUpgrade(origin: string | undefined, hostHeader: string | undefined, vhosts: readonly string[]): boolean {
  if (origin === undefined || hostHeader === undefined || hostHeader === "" || !isHostAllowed(hostHeader, vhosts)) return false;
  const host = originHost(origin);
  return host !== undefined && host === hostHeader.trim().toLowerCase() && /^https?:\/\//i.test(origin);
}

/** Whether a POST body is declared as JSON (parameters such as charset are ignored). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  return JSON_MEDIA_TYPES.has(mediaType);
}
