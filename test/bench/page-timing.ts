// Timings taken through the app's page as a person sees it: loading until the guest is ready, and
// one command line from pressing Enter to the prompt coming back.

import type { Page } from "playwright-core";
import { clearScreen, commandFinished, screenText, waitForPrompt, waitForScreen } from "../e2e/terminal-driver.ts";

export interface ReadyTiming {
  /** From the action (navigation, reload) to the ready line on screen. */
  pageMs: number;
  /** What the engine reports for its own boot. */
  engineMs: number;
  path: "cold boot" | "snapshot restore";
}

const readyLine = /Guest ready: (cold boot|snapshot restore) in ([\d.]+) s/;

export async function loadUntilReady(page: Page, action: () => Promise<unknown>): Promise<ReadyTiming> {
  const started = performance.now();
  await action();
  const screen = await waitForScreen(page, readyLine, 180_000);
  const pageMs = performance.now() - started;
  const [, path, seconds] = readyLine.exec(screen)!;
  await waitForPrompt(page);
  return { pageMs, engineMs: Number(seconds) * 1000, path: path as ReadyTiming["path"] };
}

/**
 * From pressing Enter to the prompt coming back, with the typed line already on screen. Throws if
 * the command printed an error, so a failure is never reported as a time.
 */
export async function timeCommand(page: Page, line: string, timeoutMs = 60_000): Promise<number> {
  await clearScreen(page);
  await page.keyboard.type(line);
  await waitForScreen(page, (screen) => screen.trimEnd().endsWith(`berth:~$ ${line}`), 10_000);
  const started = performance.now();
  await page.keyboard.press("Enter");
  const deadline = started + timeoutMs;
  while (performance.now() < deadline) {
    const screen = await screenText(page);
    if (!commandFinished(screen, line)) continue;
    const elapsed = performance.now() - started;
    if (/\bError\b/.test(screen)) throw new Error(`${line} failed: ${screen}`);
    return elapsed;
  }
  throw new Error(`${line} did not finish: ${await screenText(page)}`);
}
