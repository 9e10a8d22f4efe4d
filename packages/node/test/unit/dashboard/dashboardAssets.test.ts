// DashboardAssets: the bundle served under /dashboard/ by name only, a redirect for /dashboard, and how-to-build when it is missing.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { DashboardAssets, findDashboardDir } from "../../../src/dashboard/dashboardAssets.js";
import { isSameOriginUpgrade } from "../../../src/rpc/httpAccess.js";

interface Answer {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

function request(assets: DashboardAssets, path: string): { handled: boolean; answer: Answer } {
  const answer: Answer = { status: 0, headers: {}, body: "" };
  const res = {
    writeHead(status: number, headers: Record<string, string | number>) {
      answer.status = status;
      answer.headers = headers;
    },
    end(body?: string | Buffer) {
      answer.body = body === undefined ? "" : body.toString();
    },
  } as unknown as ServerResponse;
  return { handled: assets.handle(path, res), answer };
}

describe("DashboardAssets", () => {
  const dir = mkdtempSync(join(tmpdir(), "eigen-dashboard-"));
  writeFileSync(join(dir, "index.html"), "<html>page</html>");
  writeFileSync(join(dir, "dashboard.js"), "console.log(1)");
  mkdirSync(join(dir, "img"));
  writeFileSync(join(dir, "img", "a.png"), "png");
  after(() => rmSync(dir, { recursive: true, force: true }));
  const assets = DashboardAssets.load(dir);

  const table: { desc: string; path: string; handled: boolean; status?: number; type?: string; body?: string }[] = [
    { desc: "the page", path: "/dashboard/", handled: true, status: 200, type: "text/html; charset=utf-8", body: "<html>page</html>" },
    { desc: "a script", path: "/dashboard/dashboard.js", handled: true, status: 200, type: "text/javascript; charset=utf-8" },
    { desc: "a file in a folder", path: "/dashboard/img/a.png", handled: true, status: 200, type: "image/png" },
    { desc: "without the slash: a redirect", path: "/dashboard", handled: true, status: 301 },
    { desc: "an unknown file", path: "/dashboard/nope.js", handled: true, status: 404 },
    { desc: "a path out of the folder is only a name that is not there", path: "/dashboard/../package.json", handled: true, status: 404 },
    { desc: "another path is left to the server", path: "/health", handled: false },
  ];
  for (const c of table) {
    it(c.desc, () => {
      const { handled, answer } = request(assets, c.path);
      assert.equal(handled, c.handled);
      if (c.status !== undefined) assert.equal(answer.status, c.status);
      if (c.type !== undefined) assert.equal(answer.headers["Content-Type"], c.type);
      if (c.body !== undefined) assert.equal(answer.body, c.body);
      if (c.status === 200) assert.match(String(answer.headers["Content-Security-Policy"]), /default-src 'self'/);
    });
  }

  it("without a bundle answers 503 with how to build it", () => {
    const { handled, answer } = request(DashboardAssets.load(null), "/dashboard/");
    assert.equal(handled, true);
    assert.equal(answer.status, 503);
    assert.match(answer.body, /pnpm build/);
  });

  it("finds the workspace's built bundle (ensureReady builds it before tests)", () => {
    const found = findDashboardDir();
    assert.ok(found?.endsWith(join("dashboard", "dist")), `found ${found}`);
  });
});

describe("isSameOriginUpgrade: the dashboard's own WebSocket without --ws.origins", () => {
  const table: { desc: string; origin: string | undefined; host: string | undefined; expected: boolean }[] = [
    { desc: "a page of this IP and port", origin: "http://127.0.0.1:8545", host: "127.0.0.1:8545", expected: true },
    { desc: "localhost (an allowed virtual host)", origin: "http://localhost:8545", host: "localhost:8545", expected: true },
    { desc: "another port is another origin", origin: "http://127.0.0.1:3000", host: "127.0.0.1:8545", expected: false },
    { desc: "a DNS-rebinding name is not an allowed host", origin: "http://evil.example:8545", host: "evil.example:8545", expected: false },
    { desc: "no Origin", origin: undefined, host: "127.0.0.1:8545", expected: false },
    { desc: "a non-web scheme", origin: "file://127.0.0.1:8545", host: "127.0.0.1:8545", expected: false },
  ];
  for (const c of table) {
    it(c.desc, () => assert.equal(isSameOriginUpgrade(c.origin, c.host, ["localhost"]), c.expected));
  }
});
