// Offline, on the production build served as a static host serves it: the first visit keeps the
// app in the service worker's cache; then, with the browser offline and the site's server gone, a
// reload loads the page from that cache, the engine restores its snapshot, the embedded busybox
// and an image pulled before run, and a pull says the network is unavailable. A second build of
// the app, served on the same origin, replaces the service worker and its cache on the next load;
// "Reset all data" erases what the site keeps, pulled images included.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { launchBrowser } from "./browser.ts";
import { openAt } from "./page-session.ts";
import { buildSite, previewSite, type ServedSite } from "./site-server.ts";
import { outputLines, runCommand, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

const secondVersionMarker = '<meta name="berth-test-version" content="2" />';

let firstBuild: string;
let secondBuild: string;
let registry: LocalRegistry;
let site: ServedSite | undefined;
/** The origin's port: every version is served on it, so one service worker and one IndexedDB see them all. */
let port = 0;
let browser: BrowserContext;
let page: Page;
let image: string;

const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
/** The output with the terminal's line wrapping undone (long messages span several rows). */
const unwrapped = (output: string) => output.replace(/\n/g, "");

/** The app's caches in the page's origin, each with the paths it holds. */
const appCaches = () =>
  page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const names = (await caches.keys()).filter((name) => name.startsWith("berth-app-"));
    return Promise.all(names.map(async (name) => ({ name, paths: (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname) })));
  });

async function serve(build: string): Promise<void> {
  await stopServing();
  site = await previewSite(build, { allowRegistries: registry.host, port: port || undefined });
  port = site.port;
}

async function stopServing(): Promise<void> {
  await site?.server.close();
  site = undefined;
}

async function reloadWhenReady(boot: "snapshot restore" | "cold boot"): Promise<void> {
  await waitForScreen(page, new RegExp(`Guest ready: ${boot} in [\\d.]+ s`), 150_000);
  await waitForPrompt(page);
}

beforeAll(async () => {
  firstBuild = mkdtempSync(join(tmpdir(), "berth-site-"));
  secondBuild = mkdtempSync(join(tmpdir(), "berth-site-"));
  await buildSite(firstBuild);
  // The next version of the app: the same sources with one more line in its page.
  await buildSite(secondBuild, {
    plugins: [{ name: "second-version", transformIndexHtml: (html: string) => html.replace("</head>", `${secondVersionMarker}</head>`) }],
  });
  const fixtures = await ensureFixtures();
  registry = await startLocalRegistry();
  await pushFixtures(registry.url, fixtures, ["zstd"]);
  image = `${registry.host}/zstd`;
  await serve(firstBuild);
  browser = await launchBrowser();
  page = await browser.newPage();
  await openAt(page, site!.url);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stopServing();
  await registry?.close();
  for (const build of [firstBuild, secondBuild]) if (build) rmSync(build, { recursive: true, force: true });
});

describe("offline", () => {
  it("keeps the app, its guest and the embedded images on the first visit, in one cache named after the version", async () => {
    const [cache, ...others] = await appCaches();
    expect(others).toEqual([]);
    expect(cache!.name).toMatch(/^berth-app-[0-9a-f]{16}$/);
    const guest = JSON.parse(readFileSync(join(firstBuild, "guest", "manifest.json"), "utf8")) as { kernel: string; initrd: string };
    const assets = readdirSync(join(firstBuild, "assets")).map((name) => `/assets/${name}`);
    const expected = ["/index.html", "/guest/manifest.json", `/guest/${guest.kernel}`, `/guest/${guest.initrd}`, "/images/embedded.json", "/manifest.webmanifest", ...assets];
    expect(cache!.paths).toEqual(expect.arrayContaining(expected));
    expect(cache!.paths).not.toContain("/service-worker.js");
  });

  it("links a web app manifest that makes it installable", async () => {
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
      return link ? ((await (await fetch(link.href)).json()) as { display: string; start_url: string; icons: { src: string }[] }) : undefined;
    });
    expect(manifest).toMatchObject({ display: "standalone", start_url: "/" });
    expect(manifest!.icons.map((icon) => icon.src)).toContain("icons/berth-192.png");
  });

  it("pulls an image while online", async () => {
    expect(await run(`docker pull ${image}`, 300_000)).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/zstd:latest/);
  });

  it("loads with the network off: the page from the cache, the engine from its snapshot", async () => {
    await stopServing();
    await browser.setOffline(true);
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await reloadWhenReady("snapshot restore");
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  });

  it("runs busybox and the image pulled before, offline", async () => {
    expect(outputLines(await run("docker run --rm busybox echo hi"))).toEqual(["hi"]);
    expect(outputLines(await run(`docker run --rm ${image} cat /etc/fixture-zstd`))).toEqual(["zstd"]);
  });

  it("says that the network is unavailable when a pull needs it, at once", async () => {
    const started = Date.now();
    const output = unwrapped(await run(`docker pull ${registry.host}/busybox`));
    expect(output).toMatch(/Error response from daemon: Get "[^"]+\/v2\/[^"]*": dial tcp: lookup 127\.0\.0\.1: network is unavailable \(the browser is offline\)/);
    expect(output).toContain("exit status 1");
    // No retries with backoff: there is nothing to wait for.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("shows the storage used and the quota", async () => {
    await expect.poll(() => page.locator("#storage-usage").textContent(), { timeout: 10_000 }).toMatch(/^[\d.]+[kMG]?B used of [\d.]+[kMGT]?B$/);
  });

  it("takes a new version of the app on the next load, with a cache of its own, and keeps working", async () => {
    const [before] = await appCaches();
    await browser.setOffline(false);
    await serve(secondBuild);
    await page.reload();
    await reloadWhenReady("snapshot restore");
    // The new service worker installs in the background with its copy, then removes the old one.
    await expect.poll(async () => (await appCaches()).map((cache) => cache.name), { timeout: 60_000 }).not.toContain(before!.name);
    const after = await appCaches();
    expect(after).toHaveLength(1);
    expect(after[0]!.name).toMatch(/^berth-app-[0-9a-f]{16}$/);
    expect(await page.evaluate(() => document.querySelector('meta[name="berth-test-version"]')?.getAttribute("content"))).toBe("2");
    expect(outputLines(await run("docker run --rm busybox echo after the update"))).toEqual(["after the update"]);
  });

  it("is the new version offline too", async () => {
    await stopServing();
    await browser.setOffline(true);
    await page.reload();
    await reloadWhenReady("snapshot restore");
    expect(await page.evaluate(() => document.querySelector('meta[name="berth-test-version"]')?.getAttribute("content"))).toBe("2");
    expect(outputLines(await run("docker run --rm busybox echo new version offline"))).toEqual(["new version offline"]);
    await browser.setOffline(false);
    await serve(secondBuild);
  });

  it("erases what the site keeps with Reset all data, after a confirmation, and reloads the site's other tabs", async () => {
    expect(await run("docker images")).toContain(`${registry.host}/zstd`);
    const otherTab = await browser.newPage();
    await otherTab.goto(site!.url);
    await otherTab.locator("#reset-data").waitFor();
    const otherTabReloads = otherTab.waitForEvent("load", { timeout: 60_000 });
    await page.evaluate(() => localStorage.setItem("berth-offline-test", "kept until the reset"));
    await page.getByRole("button", { name: "Reset all data" }).click();
    const erase = page.getByRole("button", { name: "Erase all data" });
    await expect.poll(() => erase.isVisible()).toBe(true);
    await Promise.all([page.waitForEvent("load", { timeout: 60_000 }), erase.click()]);
    await otherTabReloads;
    await otherTab.close();
    await reloadWhenReady("cold boot");
    const images = await run("docker images");
    expect(images).not.toContain("zstd");
    expect(images).toContain("busybox");
    expect(await page.evaluate(() => localStorage.getItem("berth-offline-test"))).toBeNull();
    // The app's offline copy is the app, not data: it stays.
    expect(await appCaches()).toHaveLength(1);
  });
});
