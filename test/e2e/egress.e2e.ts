// Containers' outbound connections in the page, typed as a person would: the page's engine sends a
// container's connection through the proxy's egress relay (WISP over a WebSocket at /egress) to an
// HTTP server on this machine, reached as host.docker.internal on the one port the operator allows;
// a host the allowlist does not name is cut off at once with a note naming it in the terminal, and
// --network none has no way out; a connection dropped mid-transfer ends the download and nothing else.

import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningApp } from "./app-server.ts";
import { openAppPage } from "./page-session.ts";
import { outputLines as lines, runCommand, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let web: Server;
let port: number;
const body = new Uint8Array(1024 * 1024).map((_, i) => (i * 197) % 253);
const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);

beforeAll(async () => {
  web = createServer((request, response) => {
    if (request.url === "/hello") return void response.end("hello through the relay\n");
    if (request.url === "/drop") {
      // Promises a megabyte, sends 64 KiB, then the connection drops mid-transfer.
      response.setHeader("content-length", body.length);
      response.write(body.subarray(0, 64 * 1024), () => setTimeout(() => response.socket?.destroy(), 200));
      return;
    }
    response.setHeader("content-length", body.length);
    response.end(body);
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  port = (web.address() as AddressInfo).port;
  const allowed = process.env.BERTH_ALLOW_EGRESS;
  process.env.BERTH_ALLOW_EGRESS = `host.docker.internal:${port}`;
  try {
    ({ app, browser, page } = await openAppPage());
  } finally {
    if (allowed === undefined) delete process.env.BERTH_ALLOW_EGRESS;
    else process.env.BERTH_ALLOW_EGRESS = allowed;
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  web?.close();
});

describe("egress from the page", () => {
  it("reaches an allowed host through the relay, bytes intact", async () => {
    expect(lines(await run(`docker run --rm busybox wget -qO- http://host.docker.internal:${port}/hello`))).toContain("hello through the relay");
    const digest = createHash("sha256").update(body).digest("hex");
    expect(await run(`docker run --rm busybox sh -c 'wget -qO- http://host.docker.internal:${port}/big | sha256sum'`)).toContain(digest);
  });

  it("cuts off a host off the allowlist at once, and --network none has no way out", async () => {
    const started = Date.now();
    const refused = await run(`docker run --rm busybox sh -c 'wget -qO- http://blocked.example:${port}/hello; echo "exit $?"'`);
    expect(lines(refused)).toContainEqual(expect.stringMatching(/^exit [1-9]/));
    expect(Date.now() - started).toBeLessThan(30_000);
    // The terminal names the host that was refused.
    await waitForScreen(page, new RegExp(`berth: connection to blocked\\.example:${port} refused: not allowed by the egress allowlist`), 10_000);
    expect(await run(`docker run --rm --network none busybox wget -qO- http://host.docker.internal:${port}/hello`)).toMatch(/bad address/);
  });

  it("ends a download whose connection drops mid-transfer, and goes on working", async () => {
    const dropped = await run(`docker run --rm busybox sh -c 'wget -qO /dev/null http://host.docker.internal:${port}/drop; echo "exit $?"'`);
    expect(lines(dropped)).toContainEqual(expect.stringMatching(/^exit [1-9]/));
    expect(lines(await run(`docker run --rm busybox wget -qO- http://host.docker.internal:${port}/hello`))).toContain("hello through the relay");
  });
});
