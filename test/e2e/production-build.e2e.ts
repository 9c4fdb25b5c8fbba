// The production build, served as a static host serves it: `vite build` into a temporary directory,
// vite's preview server over it (with the registry proxy, as `npm run preview` runs it), opened in a
// fresh profile: the guest starts from the content-hashed files, a container runs, and nothing
// asks for cross-origin isolation.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, type PreviewServer } from "vite";
import type { BrowserContext, Page } from "playwright-core";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { launchBrowser } from "./browser.ts";
import { openAt } from "./page-session.ts";
import { buildSite, previewSite } from "./site-server.ts";
import { outputLines, runCommand } from "./terminal-driver.ts";

const isolationHeaders = ["cross-origin-opener-policy", "cross-origin-embedder-policy"];

let site: string;
let registry: LocalRegistry;
let server: PreviewServer;
let browser: BrowserContext;
let page: Page;
let url: string;
const buildLog: string[] = [];
const responses: { url: string; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), "berth-site-"));
  const logger = createLogger("info");
  logger.info = (message) => void buildLog.push(message);
  await buildSite(site, { logger });

  registry = await startLocalRegistry();
  ({ server, url } = await previewSite(site, { allowRegistries: registry.host }));

  browser = await launchBrowser();
  browser.on("response", (response) => void responses.push({ url: response.url(), headers: response.headers() }));
  page = await browser.newPage();
  await openAt(page, url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await registry?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

describe("the production build", () => {
  it("states each file's size, the first-visit transfer and what is kept for offline use", () => {
    const report = buildLog.join("\n");
    expect(report).toMatch(/^ {2}\* index\.html +[\d.]+ kB +[\d.]+ k?B gzip$/m);
    expect(report).toMatch(/^ {4}guest\/licenses\/busybox-static\.copyright +[\d.]+ k?B/m);
    expect(report).toMatch(/^First-visit transfer \(.*\): \d+ files, [\d.]+ MB \([\d.]+ MB with gzip\)$/m);
    expect(report).toMatch(/^Precached by the service worker for offline use: \d+ files, [\d.]+ MB \([\d.]+ MB with gzip\)$/m);
  });

  it("names the guest's boot files after their digests, and the manifest points at them", () => {
    const manifest = JSON.parse(readFileSync(join(site, "guest", "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.kernel).toMatch(/^bzImage-[0-9a-f]{16}$/);
    expect(manifest.initrd).toMatch(/^initramfs-[0-9a-f]{16}\.cpio$/);
    for (const name of [manifest.kernel, manifest.initrd, manifest.bios]) expect(existsSync(join(site, "guest", String(name)))).toBe(true);
    expect(existsSync(join(site, "guest", "bzImage"))).toBe(false);
    expect(responses.map((response) => response.url)).toContain(`${url}guest/${String(manifest.kernel)}`);
  });

  it("boots the guest and runs a container from the embedded image", async () => {
    expect(outputLines(await runCommand(page, "docker run --rm busybox echo from the build"))).toEqual(["from the build"]);
  });

  it("needs no cross-origin isolation: no response asked for it and the page is not isolated", async () => {
    expect(responses.length).toBeGreaterThan(5);
    expect(responses.filter((response) => isolationHeaders.some((header) => header in response.headers))).toEqual([]);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  });

  it("serves the service worker from the site root, and the port preview through it", async () => {
    expect(existsSync(join(site, "service-worker.js"))).toBe(true);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL)).toBe(`${url}service-worker.js`);
    const tab = await browser.newPage();
    const response = await tab.goto(`${url}ports/9999/`);
    expect(response?.status()).toBe(502);
    expect(await tab.locator("h1").textContent()).toBe("Nothing is published on port 9999");
    await tab.close();
  });

  it("serves the registry proxy under /registry/", async () => {
    const answer = await page.evaluate(async (endpoint) => {
      const response = await fetch(endpoint);
      return { status: response.status, api: response.headers.get("docker-distribution-api-version") };
    }, `${url}registry/${registry.host}/v2/`);
    expect(answer).toEqual({ status: 200, api: "registry/2.0" });
  });
});
