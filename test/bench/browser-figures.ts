// Figures measured in Chromium against the production build: first-visit transfer, cold boot,
// snapshot restore and `docker run --rm busybox true` latency: the first run right after a restore,
// the first after a restore and a pause (the engine warms v86's JIT meanwhile), and later runs.

import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser.ts";
import { screenText, typeLine, waitForPrompt } from "../e2e/terminal-driver.ts";
import { loadUntilReady, timeCommand } from "./page-timing.ts";
import type { CountingServer } from "./static-server.ts";

export interface BrowserFigures {
  firstVisitBytes: { wire: number; files: number };
  coldReadyEngineMs: number;
  coldReadyPageMs: number;
  warmReadyEngineMs: number;
  warmReadyPageMs: number;
  /** The first run after each of `runs` restores, typed as soon as the engine is ready. */
  firstRunAfterRestoreMs: number[];
  /** The same, typed `idleAfterRestoreMs` after ready. */
  firstRunAfterIdleMs: number[];
  runTrueMs: number[];
}

/** How long a person might take to start typing after the page is ready. */
export const idleAfterRestoreMs = 15_000;

async function reloadRestoring(page: Page): Promise<void> {
  const { path } = await loadUntilReady(page, () => page.reload());
  if (path !== "snapshot restore") throw new Error(`expected a snapshot restore after reload, got ${path}`);
}

export async function measureInBrowser(server: CountingServer, runs: number): Promise<BrowserFigures> {
  const context = await launchBrowser();
  try {
    const page = await context.newPage();
    server.resetCount();
    const cold = await loadUntilReady(page, () => page.goto(server.url));
    if (cold.path !== "cold boot") throw new Error(`expected a cold boot on a fresh profile, got ${cold.path}`);
    const firstVisitBytes = server.bytesSent();
    await typeLine(page, "docker run --rm busybox true");
    await waitForPrompt(page);
    await page.waitForTimeout(3000);
    const warm = await loadUntilReady(page, () => page.reload());
    if (warm.path !== "snapshot restore") throw new Error(`expected a snapshot restore after reload, got ${warm.path}: ${await screenText(page)}`);
    const firstRunAfterRestoreMs = [await timeCommand(page, "docker run --rm busybox true")];
    const runTrueMs: number[] = [];
    for (let run = 0; run < runs; run++) runTrueMs.push(await timeCommand(page, "docker run --rm busybox true"));
    // Further restores alternate between typing at once and after a pause, so both see the same conditions.
    const firstRunAfterIdleMs: number[] = [];
    for (let reload = 1; reload < 2 * runs; reload++) {
      const idle = reload % 2 === 1;
      await reloadRestoring(page);
      if (idle) await page.waitForTimeout(idleAfterRestoreMs);
      (idle ? firstRunAfterIdleMs : firstRunAfterRestoreMs).push(await timeCommand(page, "docker run --rm busybox true"));
    }
    return {
      firstVisitBytes,
      coldReadyEngineMs: cold.engineMs,
      coldReadyPageMs: cold.pageMs,
      warmReadyEngineMs: warm.engineMs,
      warmReadyPageMs: warm.pageMs,
      firstRunAfterRestoreMs,
      firstRunAfterIdleMs,
      runTrueMs,
    };
  } finally {
    await context.close();
  }
}
