// Figures measured in Chromium against the production build: first-visit transfer, cold boot,
// snapshot restore and `docker run --rm busybox true` latency.

import type { Page } from "playwright-core";
import { launchBrowser } from "../e2e/browser.ts";
import { clearScreen, commandFinished, screenText, typeLine, waitForPrompt, waitForScreen } from "../e2e/terminal-driver.ts";
import type { CountingServer } from "./static-server.ts";

export interface BrowserFigures {
  firstVisitBytes: { wire: number; files: number };
  coldReadyEngineMs: number;
  coldReadyPageMs: number;
  warmReadyEngineMs: number;
  warmReadyPageMs: number;
  runTrueMs: number[];
}

const readyLine = /Guest ready: (cold boot|snapshot restore) in ([\d.]+) s/;

async function loadUntilReady(page: Page, action: () => Promise<unknown>): Promise<{ pageMs: number; engineMs: number; path: string }> {
  const started = performance.now();
  await action();
  const screen = await waitForScreen(page, readyLine, 180_000);
  const pageMs = performance.now() - started;
  const [, path, seconds] = readyLine.exec(screen)!;
  await waitForPrompt(page);
  return { pageMs, engineMs: Number(seconds) * 1000, path };
}

/** From pressing Enter to the prompt coming back, with the typed line already on screen. */
async function timeCommand(page: Page, line: string): Promise<number> {
  await clearScreen(page);
  await page.keyboard.type(line);
  await waitForScreen(page, (screen) => screen.trimEnd().endsWith(`berth:~$ ${line}`), 10_000);
  const started = performance.now();
  await page.keyboard.press("Enter");
  const deadline = started + 60_000;
  while (performance.now() < deadline) {
    if (commandFinished(await screenText(page), line)) return performance.now() - started;
  }
  throw new Error(`${line} did not finish: ${await screenText(page)}`);
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
