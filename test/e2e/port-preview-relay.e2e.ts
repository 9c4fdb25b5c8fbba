// The port preview's service worker in real Chromium, before a guest answers on a port: the test
// page (test/browser/port-preview.html) plays the berth tab with the real page bridge and a small
// scripted HTTP server as its engine's port 8080. The service worker is the site's own, served by
// its vite plugin. (ports.e2e.ts runs the same path into a container.)

import { createHash } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceWorker } from "../../src/site-build/service-worker-bundle.ts";
import type { RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { startHarnessServer } from "./harness-server.ts";

let server: RunningApp;
let browser: BrowserContext;
let berthTab: Page;

beforeAll(async () => {
  server = await startHarnessServer([serviceWorker()]);
  browser = await launchBrowser();
  berthTab = await browser.newPage();
  await berthTab.goto(`${server.url}test/browser/port-preview.html`);
  await berthTab.waitForFunction(() => window.portPreviewReady !== undefined, undefined, { timeout: 60_000 });
  expect(await berthTab.evaluate(() => window.portPreviewReady)).toBe(true);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the port preview in Chromium", () => {
  it("opens a port's page in a tab of its own", async () => {
    const tab = await browser.newPage();
    const response = await tab.goto(`${server.url}ports/8080/`);
    expect(response?.status()).toBe(200);
    expect(await tab.locator("h1").textContent()).toBe("hello from port 8080");
    await tab.close();
  });

  it("shows a port's page in a frame of the berth tab", async () => {
    await berthTab.locator("iframe").evaluate((frame: HTMLIFrameElement) => (frame.src = "/ports/8080/"));
    await expect.poll(() => berthTab.frameLocator("iframe").locator("h1").textContent({ timeout: 2_000 }).catch(() => ""), { timeout: 20_000 }).toBe("hello from port 8080");
  });

  it("streams a 5 MB chunked response intact", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${server.url}ports/8080/`);
    const received = await tab.evaluate(async () => {
      const response = await fetch("/ports/8080/big");
      const body = await response.arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
      return { status: response.status, bytes: body.byteLength, sha256: [...digest].map((byte) => byte.toString(16).padStart(2, "0")).join("") };
    });
    const size = 5 * 1024 * 1024;
    const expected = createHash("sha256").update(Uint8Array.from({ length: size }, (_, index) => (index * 7919) % 251)).digest("hex");
    expect(received).toEqual({ status: 200, bytes: size, sha256: expected });
    await tab.close();
  });

  it("sends a previewed page's absolute paths and its server's redirects to the same port", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${server.url}ports/8080/`);
    expect(await tab.evaluate(async () => (await fetch("/data.txt")).text())).toBe("absolute path served");
    await tab.goto(`${server.url}ports/8080/redirect`);
    expect(new URL(tab.url()).pathname).toBe("/ports/8080/data.txt");
    expect(await tab.locator("body").textContent()).toBe("absolute path served");
    await tab.close();
  });

  it("says so when nothing is published on the port", async () => {
    const tab = await browser.newPage();
    const response = await tab.goto(`${server.url}ports/8081/`);
    expect(response?.status()).toBe(502);
    expect(await tab.locator("h1").textContent()).toBe("Nothing is published on port 8081");
    await tab.close();
  });

  it("says so when no berth tab is open", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${server.url}ports/8081/`);
    await berthTab.close();
    const response = await tab.goto(`${server.url}ports/8080/`);
    expect(response?.status()).toBe(503);
    expect(await tab.locator("h1").textContent()).toBe("berth is not running");
  });
});
