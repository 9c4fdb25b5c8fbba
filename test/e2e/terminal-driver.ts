// Reads and types into the page's terminal the way a person would: through the keyboard and the
// text the terminal shows in the DOM.

import type { Page } from "playwright-core";

export async function screenText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".xterm-rows > div")]
      .map((row) => (row.textContent ?? "").replace(/\u00a0/g, " ").trimEnd())
      .join("\n"),
  );
}

export type ScreenCondition = RegExp | string | ((screen: string) => boolean);

function holds(condition: ScreenCondition, screen: string): boolean {
  if (typeof condition === "string") return screen.includes(condition);
  if (condition instanceof RegExp) return condition.test(screen);
  return condition(screen);
}

export async function waitForScreen(page: Page, condition: ScreenCondition, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = "";
  while (Date.now() < deadline) {
    text = await screenText(page);
    if (holds(condition, text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${String(condition)}; the screen shows:\n${text}`);
}

/** Types a line and presses Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press("Enter");
}

/** Clears the screen with Ctrl-L so later waits only see new output. */
export async function clearScreen(page: Page): Promise<void> {
  await page.locator(".xterm-helper-textarea").focus();
  await page.keyboard.press("Control+L");
  await page.waitForTimeout(50);
}

/** Clears the screen, runs a command line and returns what it printed before the prompt came back. */
export async function runCommand(page: Page, line: string, timeoutMs = 60_000): Promise<string> {
  await clearScreen(page);
  await typeLine(page, line);
  const screen = await waitForScreen(page, (text) => commandFinished(text, line), timeoutMs);
  return outputAfterCommandLine(screen, line) ?? "";
}

/** True once the screen shows the command line followed by its output and a new prompt. */
export function commandFinished(screen: string, line: string): boolean {
  const output = outputAfterCommandLine(screen, line);
  return output !== undefined && endsWithPrompt(output);
}

/** The shell's prompt in any directory: `berth:~$`, `berth:~/app$`. */
const promptPattern = /berth:~[^\s$]*\$/;

function endsWithPrompt(screen: string): boolean {
  return new RegExp(`${promptPattern.source}$`).test(screen.trimEnd());
}

/**
 * The text after the first "prompt + line" on the screen, where the line may wrap over several rows
 * (the screen's rows are trimmed, so a space at a wrap point may show as the row break alone, or
 * start the next row).
 */
function outputAfterCommandLine(screen: string, line: string): string | undefined {
  const prompt = promptPattern.exec(screen);
  if (!prompt) return undefined;
  const target = `${prompt[0]} ${line}`;
  let index = prompt.index;
  for (const character of target) {
    let wrapped = false;
    for (; screen[index] === "\n"; index++) wrapped = true;
    if (screen[index] === character) index++;
    else if (!(character === " " && wrapped)) return undefined;
  }
  return screen.slice(index);
}

/** Waits for the prompt to come back after a command, and returns the screen. */
export async function waitForPrompt(page: Page, timeoutMs = 60_000): Promise<string> {
  return waitForScreen(page, endsWithPrompt, timeoutMs);
}

/** A command's output as its non-empty lines, without the prompt that follows it. */
export function outputLines(output: string): string[] {
  return output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !promptPattern.test(line));
}
