// Figures measured in Chromium against the production build: first-visit transfer, cold boot,
// snapshot restore and `docker run --rm busybox true` latency.

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
  runTrueMs: number[];
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
    const runTrueMs: number[] = [];
    await timeCommand(page, "docker run --rm busybox true");
    for (let run = 0; run < runs; run++) runTrueMs.push(await timeCommand(page, "docker run --rm busybox true"));
    return {
      firstVisitBytes,
      coldReadyEngineMs: cold.engineMs,
      coldReadyPageMs: cold.pageMs,
      warmReadyEngineMs: warm.engineMs,
      warmReadyPageMs: warm.pageMs,
      runTrueMs,
    };
  } finally {
    await context.close();
  }
}
