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

/** `query` is appended to the app's address ("?test-hooks"). */
export async function openAppPage(query = ""): Promise<PageSession> {
  const app = await startApp();
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(`${app.url}${query}`);
  await waitForScreen(page, /Guest ready: (cold boot|snapshot restore) in [\d.]+ s/, 150_000);
  await waitForPrompt(page);
  return { app, browser, page };
}
