// The app served fresh and opened in a new browser profile, its terminal at the prompt with the
// guest ready (cold boot, or a restore of the snapshot a profile kept).

import type { BrowserContext, Page } from "playwright-core";
import { join } from "node:path";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { mountSmallDisk } from "./small-disk.ts";
import { waitForPrompt, waitForScreen } from "./terminal-driver.ts";

export interface PageSession {
  app: RunningApp;
  browser: BrowserContext;
  page: Page;
}

/** What the page shows once it is ready for the test: by default an empty prompt. */
export type PageReady = (page: Page) => Promise<unknown>;

/** `suffix` is appended to the app's address ("?test-hooks", "?run=ls"). */
export async function openAppPage(suffix = "", ready: PageReady = waitForPrompt): Promise<PageSession> {
  const app = await startApp();
  return { app, ...(await openInFreshProfile(`${app.url}${suffix}`, ready)) };
}

/** Opens `url` in a new browser profile and waits for the guest and then for `ready`. */
export async function openInFreshProfile(url: string, ready: PageReady = waitForPrompt): Promise<{ browser: BrowserContext; page: Page }> {
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await openAt(page, url, ready);
  return { browser, page };
}

/** Loads `url` in `page` and waits for the guest and then for `ready`. */
export async function openAt(page: Page, url: string, ready: PageReady = waitForPrompt): Promise<void> {
  await page.goto(url);
  await waitForScreen(page, /Guest ready: (cold boot|snapshot restore) in [\d.]+ s/, 150_000);
  await ready(page);
}

/** Reloads `page` and waits for the guest to come up the way `boot` says, then for the prompt. */
export async function reloadUntilReady(page: Page, boot: RegExp | "cold boot" | "snapshot restore" = "snapshot restore"): Promise<void> {
  // After a cold boot the engine keeps its snapshot in the background; a reload before that cold boots again.
  if (String(boot).includes("snapshot restore")) await waitForSavedSnapshot(page);
  await page.reload();
  await waitForScreen(page, typeof boot === "string" ? new RegExp(`Guest ready: ${boot} in [\\d.]+ s`) : boot, 150_000);
  await waitForPrompt(page);
}

/** Waits until the profile holds a VM snapshot (test-side: reads the engine's IndexedDB database). */
async function waitForSavedSnapshot(page: Page, timeoutMs = 60_000): Promise<void> {
  const saved = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const opening = indexedDB.open("berth-snapshots");
          // Not there yet: abort rather than create it, which is the engine's to do.
          opening.onupgradeneeded = () => opening.transaction?.abort();
          opening.onerror = () => resolve(false);
          opening.onsuccess = () => {
            const database = opening.result;
            const done = (found: boolean) => {
              database.close();
              resolve(found);
            };
            if (!database.objectStoreNames.contains("snapshot")) return done(false);
            const reading = database.transaction("snapshot").objectStore("snapshot").get("header");
            reading.onsuccess = () => done(reading.result !== undefined);
            reading.onerror = () => done(false);
          };
        }),
    );
  const deadline = Date.now() + timeoutMs;
  while (!(await saved())) {
    if (Date.now() > deadline) throw new Error(`no VM snapshot was saved within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
}

/**
 * Runs `test` on `url` in a browser profile on a real file system of `megabytes` (a tmpfs), where
 * IndexedDB runs out of space as on a full disk; the page has cold booted to the prompt.
 */
export async function inSmallProfile(url: string, megabytes: number, test: (page: Page) => Promise<void>): Promise<void> {
  const disk = mountSmallDisk(megabytes);
  const browser = await launchBrowser(join(disk.path, "profile"));
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await waitForScreen(page, /Guest ready: cold boot in [\d.]+ s/, 150_000);
    await waitForPrompt(page);
    await test(page);
  } finally {
    await browser.close();
    disk.remove();
  }
}
