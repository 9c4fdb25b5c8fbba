// Published ports in the page, as a person uses them: a busybox httpd published with -p 8080:80, its
// port in the dashboard with "open" and "preview", its page in a tab of its own and in the preview
// panel, a 5 MB file through the preview intact, and what the preview says when a port is not
// published or a WebSocket is asked for. Debian's nginx (the fixture, pulled from Debian's
// docker-registry on loopback), whose stock configuration also listens on [::]:80, runs unchanged
// with -p 8081:80 and its welcome page shows in the preview.

import { get as httpGet } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { LocalRegistry } from "../registry/local-registry.ts";
import type { RunningApp } from "./app-server.ts";
import { openAppWithFixtureRegistry, type FixtureRegistrySession } from "./fixture-registry-session.ts";
import { outputLines, runCommand } from "./terminal-driver.ts";

let session: FixtureRegistrySession;
let registry: LocalRegistry;
let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string, timeoutMs?: number) => runCommand(page, line, timeoutMs);

beforeAll(async () => {
  session = await openAppWithFixtureRegistry(["nginx"]);
  ({ registry, app, browser, page } = session);
  await page.evaluate(() => navigator.serviceWorker.ready);
}, 900_000);

afterAll(async () => {
  await session?.close();
});

/** What the site answers a WebSocket handshake with (the browser only says that it failed). */
function upgradeRequest(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" };
    const request = httpGet(url, { headers }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("upgrade", () => reject(new Error("the site upgraded the connection")));
    request.on("error", reject);
  });
}

/** The SHA-256 of what `path` answers, fetched in `tab` (through its service worker), and the size. */
function digestIn(tab: Page, path: string): Promise<{ status: number; bytes: number; sha256: string }> {
  return tab.evaluate(async (target) => {
    const response = await fetch(target);
    const body = await response.arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    return { status: response.status, bytes: body.byteLength, sha256: [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("") };
  }, path);
}

describe("the port preview's service worker", () => {
  it("is registered at the site root, covering /ports/", async () => {
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready;
      return { scope: ready.scope, script: ready.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: app.url, script: `${app.url}service-worker.js` });
  });

  it("says so when nothing is published on a port, in a tab of its own", async () => {
    const tab = await browser.newPage();
    const response = await tab.goto(`${app.url}ports/9999/`);
    expect(response?.status()).toBe(502);
    expect(await tab.locator("h1").textContent()).toBe("Nothing is published on port 9999");
    await tab.close();
  });

  it("refuses a WebSocket under /ports/ with a reason", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${app.url}ports/9999/`);
    const outcome = await tab.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`${location.origin.replace(/^http/, "ws")}/ports/9999/socket`);
          socket.onopen = () => resolve("open");
          socket.onerror = () => resolve("refused");
        }),
    );
    expect(outcome).toBe("refused");
    const answer = await upgradeRequest(`${app.url}ports/9999/socket`);
    expect(answer.status).toBe(501);
    expect(answer.body).toContain("WebSockets do not pass through berth's port preview");
    await tab.close();
  });
});

describe("a web server published with -p 8080:80", () => {
  let bigDigest = "";

  beforeAll(async () => {
    const started = await run(`docker run -d --name web -p 8080:80 busybox sh -c 'mkdir /www && echo "<h1>hello from berth</h1>" > /www/index.html && exec httpd -f -p 80 -h /www'`, 120_000);
    expect(outputLines(started)[0]).toMatch(/^[0-9a-f]{64}$/);
    const sums = outputLines(await run("docker exec web sh -c 'head -c 5242880 /dev/urandom > /www/big.bin && sha256sum /www/big.bin'", 120_000));
    bigDigest = sums[0].split(/\s+/)[0];
    expect(bigDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("shows the port in the dashboard with open and preview", async () => {
    const item = page.locator("#dashboard-containers li.container", { hasText: "web" });
    await expect.poll(() => item.locator(".container-port").allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining("8080→80/tcp")]);
    expect(await item.getByRole("link", { name: "Open port 8080 of web" }).getAttribute("href")).toBe("/ports/8080/");
    expect(await item.locator(".port-note").textContent()).toContain("WebSockets and cookies do not pass");
  });

  it("opens the server's page in a new tab", async () => {
    const [tab] = await Promise.all([
      browser.waitForEvent("page"),
      page.locator("#dashboard-containers li.container", { hasText: "web" }).getByRole("link", { name: "Open port 8080 of web" }).click(),
    ]);
    await tab.waitForLoadState();
    expect(new URL(tab.url()).pathname).toBe("/ports/8080/");
    expect(await tab.locator("h1").textContent()).toBe("hello from berth");
    await tab.close();
  });

  it("shows the server's page in the preview panel", async () => {
    await page.locator("#dashboard-containers li.container", { hasText: "web" }).getByRole("button", { name: "Preview port 8080 of web" }).click();
    await expect.poll(() => page.frameLocator("#port-preview iframe").locator("h1").textContent({ timeout: 5_000 }).catch(() => ""), { timeout: 30_000 }).toBe("hello from berth");
    expect(await page.locator("#port-preview .preview-note").textContent()).toContain("WebSockets and cookies do not pass");
    await page.locator("#port-preview .preview-close").click();
  });

  it("passes a 5 MB file intact", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${app.url}ports/8080/`);
    expect(await digestIn(tab, "/ports/8080/big.bin")).toEqual({ status: 200, bytes: 5 * 1024 * 1024, sha256: bigDigest });
    await tab.close();
  });

  it("is no longer served once the container stops", async () => {
    await run("docker stop -t 1 web");
    const tab = await browser.newPage();
    const response = await tab.goto(`${app.url}ports/8080/`);
    expect(response?.status()).toBe(502);
    expect(await tab.locator("h1").textContent()).toBe("Nothing is published on port 8080");
    await tab.close();
    await run("docker rm web");
  });
});

describe("Debian's nginx with its stock configuration, published with -p 8081:80", () => {
  const container = () => page.locator("#dashboard-containers li.container", { hasText: "webserver" });

  beforeAll(async () => {
    const started = await run(`docker run -d --name webserver -p 8081:80 ${registry.host}/nginx`, 300_000);
    expect(outputLines(started).at(-1)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("runs: docker ps shows it up with its port", async () => {
    const rows = outputLines(await run("docker ps --filter name=webserver --format '{{.Names}}|{{.Status}}|{{.Ports}}'"));
    expect(rows).toEqual([expect.stringMatching(/^webserver\|Up .*\|0\.0\.0\.0:8081->80\/tcp$/)]);
  });

  it("listens on [::]:80 as well as 0.0.0.0:80, and logs no error", async () => {
    // Local address 0.0.0.0 (tcp) or :: (tcp6), port 0x0050, state 0A (LISTEN).
    const sockets = outputLines(await run("docker exec webserver cat /proc/net/tcp /proc/net/tcp6"));
    expect(sockets.some((line) => /^\d+: 0{8}:0050 0{8}:0000 0A /.test(line))).toBe(true);
    expect(sockets.some((line) => /^\d+: 0{32}:0050 0{32}:0000 0A /.test(line))).toBe(true);
    const logs = await run("docker logs webserver");
    expect(logs).not.toContain("Address family not supported");
    expect(logs).not.toMatch(/\[(emerg|alert|crit)\]/);
  });

  it("shows its welcome page in the preview panel, and logs the request", async () => {
    await expect.poll(() => container().locator(".container-port").allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining("8081→80/tcp")]);
    await container().getByRole("button", { name: "Preview port 8081 of webserver" }).click();
    const frame = page.frameLocator("#port-preview iframe");
    await expect.poll(() => frame.locator("h1").textContent({ timeout: 5_000 }).catch(() => ""), { timeout: 30_000 }).toBe("Welcome to nginx!");
    expect(await frame.locator("title").textContent()).toBe("Welcome to nginx!");
    await page.locator("#port-preview .preview-close").click();
    await expect.poll(async () => await run("docker logs webserver"), { timeout: 10_000 }).toMatch(/"GET \/ HTTP\/1\.1" 200 /);
  });

  it("stops gracefully on its stop signal (SIGQUIT) and frees the port", async () => {
    expect(outputLines(await run("docker stop webserver"))).toEqual(["webserver"]);
    expect(outputLines(await run("docker ps -a --filter name=webserver --format '{{.Status}}'"))).toEqual([expect.stringMatching(/^Exited \(0\) /)]);
    await run("docker rm webserver");
    const tab = await browser.newPage();
    expect((await tab.goto(`${app.url}ports/8081/`))?.status()).toBe(502);
    await tab.close();
  });
});
