// The app served fresh and opened in a new browser profile, its terminal at the prompt with the
// guest ready (cold boot, or a restore of the snapshot a profile kept).

import type { BrowserContext, Page } from "playwright-core";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
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
