import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_HTTP_ACCESS,
  getCorsAllowOrigin,
  isHostAllowed,
  isJsonContentType,
  isWsOriginAllowed,
  parseNameList,
} from "../../../src/rpc/httpAccess.js";

const { vhosts, corsDomains, wsOrigins } = DEFAULT_HTTP_ACCESS;

describe("browser access, as geth decides it", () => {
  const hosts: { desc: string; host: string | undefined; allowed: readonly string[]; expected: boolean }[] = [
    { desc: "localhost with a port", host: "localhost:8545", allowed: vhosts, expected: true },
    { desc: "LOCALHOST in capitals", host: "LOCALHOST", allowed: vhosts, expected: true },
    { desc: "an IPv4 literal", host: "127.0.0.1:8545", allowed: vhosts, expected: true },
    { desc: "an IPv6 literal in brackets", host: "[::1]:8545", allowed: vhosts, expected: true },
    { desc: "a LAN address (any IP is accepted, as geth)", host: "192.168.1.20:8545", allowed: vhosts, expected: true },
    { desc: "no Host header (HTTP/1.0)", host: undefined, allowed: vhosts, expected: true },
    { desc: "a rebinding attacker's name", host: "evil.example:8545", allowed: vhosts, expected: false },
    { desc: "a name that merely ends in localhost", host: "localhost.evil.example", allowed: vhosts, expected: false },
    { desc: "a name on the list", host: "node.internal:8545", allowed: ["localhost", "node.internal"], expected: true },
    { desc: "anything with *", host: "evil.example", allowed: ["*"], expected: true },
  ];
  for (const { desc, host, allowed, expected } of hosts) {
    it(`Host: ${desc} → ${expected ? "served" : "403"}`, () => assert.equal(isHostAllowed(host, allowed), expected));
  }

  const cors: { desc: string; origin: string | undefined; domains: readonly string[]; expected: string | null }[] = [
    { desc: "default: no CORS header for anyone", origin: "https://app.example", domains: corsDomains, expected: null },
    { desc: "default: none for localhost pages either", origin: "http://localhost:3000", domains: corsDomains, expected: null },
    { desc: "* opens it to all", origin: "https://app.example", domains: ["*"], expected: "*" },
    { desc: "a named origin is echoed", origin: "https://app.example", domains: ["https://app.example"], expected: "https://app.example" },
    { desc: "an origin not named gets nothing", origin: "https://evil.example", domains: ["https://app.example"], expected: null },
    {
      desc: "a named origin without scheme matches",
      origin: "http://localhost:3000",
      domains: ["localhost:3000"],
      expected: "http://localhost:3000",
    },
    { desc: "no Origin header, named list", origin: undefined, domains: ["https://app.example"], expected: null },
  ];
  for (const { desc, origin, domains, expected } of cors) {
    it(`CORS: ${desc}`, () => assert.equal(getCorsAllowOrigin(origin, domains), expected));
  }

  const ws: { desc: string; origin: string | undefined; allowed: readonly string[]; expected: boolean }[] = [
    { desc: "no Origin (not a browser: ethers, viem, wscat)", origin: undefined, allowed: wsOrigins, expected: true },
    { desc: "default: a browser page on a foreign site", origin: "https://evil.example", allowed: wsOrigins, expected: false },
    { desc: "default: even a localhost page", origin: "http://localhost:3000", allowed: wsOrigins, expected: false },
    { desc: "a named origin", origin: "http://localhost:3000", allowed: ["http://localhost:3000"], expected: true },
    { desc: "another port of a named host", origin: "http://localhost:4000", allowed: ["http://localhost:3000"], expected: false },
    { desc: "*", origin: "https://evil.example", allowed: ["*"], expected: true },
  ];
  for (const { desc, origin, allowed, expected } of ws) {
    it(`WebSocket Origin: ${desc} → ${expected ? "upgrade" : "403"}`, () => assert.equal(isWsOriginAllowed(origin, allowed), expected));
  }

  const types: { input: string | undefined; expected: boolean }[] = [
    { input: "application/json", expected: true },
    { input: "application/json; charset=utf-8", expected: true },
    { input: "Application/JSON", expected: true },
    { input: "application/json-rpc", expected: true },
    { input: "text/plain", expected: false },
    { input: "text/plain;charset=UTF-8", expected: false },
    { input: "application/x-www-form-urlencoded", expected: false },
    { input: "multipart/form-data; boundary=x", expected: false },
    { input: undefined, expected: false },
  ];
  for (const { input, expected } of types) {
    it(`Content-Type ${String(input)} → ${expected ? "JSON" : "415"}`, () => assert.equal(isJsonContentType(input), expected));
  }

  it("flag lists split on commas, blanks dropped", () => {
    assert.deepEqual(parseNameList(""), []);
    assert.deepEqual(parseNameList(" localhost , node.internal,,"), ["localhost", "node.internal"]);
  });
});
