// Demo links, as a person uses them: a `?run=` link puts its commands on the prompt and nothing
// runs before Enter; a Share link made in one profile brings its history and files into a fresh
// profile; a corrupted link is refused with a message and changes nothing.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { openAppPage, openAt, openInFreshProfile } from "./page-session.ts";
import { clearScreen, outputLines, runCommand, screenText, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let freshBrowser: BrowserContext | undefined;

const linked = "docker run --rm busybox echo linked";
const second = "echo second step";
const heredoc = "cat > hello.txt <<'EOF'\nhello from the link\nEOF";

/** The screen's last text is the prompt with `command` on it (a command of several lines after "> " prompts). */
const prefilled = (command: string) => (screen: string) => screen.trimEnd().endsWith(`berth:~$ ${command.replaceAll("\n", "\n> ")}`);
const keyboard = async (target: Page, key: string) => {
  await target.locator(".xterm-helper-textarea").focus();
  await target.keyboard.press(key);
};

beforeAll(async () => {
  const query = `?run=${encodeURIComponent(linked)}&run=${encodeURIComponent(second)}`;
  ({ app, browser, page } = await openAppPage(query, (opened) => waitForScreen(opened, prefilled(linked))));
});

afterAll(async () => {
  await freshBrowser?.close();
  await browser?.close();
  await app?.close();
});

describe("a ?run= link", () => {
  it("puts its first command on the prompt and runs it only after Enter", async () => {
    expect(await screenText(page)).toContain("This link put 2 commands on the prompt");
    // The engine is ready and busybox is there: given time, a command that ran by itself would have printed.
    await page.waitForTimeout(3000);
    expect(await screenText(page)).not.toMatch(/^linked$/m);
    await keyboard(page, "Enter");
    await waitForScreen(page, /^linked$/m, 60_000);
  });

  it("then offers the next command, which also waits for Enter, and Ctrl-C drops what is left", async () => {
    await waitForScreen(page, prefilled(second));
    await page.waitForTimeout(1000);
    expect(await screenText(page)).not.toMatch(/^second step$/m);
    await keyboard(page, "Control+c");
    await waitForPrompt(page);
    expect(outputLines(await runCommand(page, "pwd"))).toEqual(["/"]);
  });
});

/** Tests that boot a guest in a new profile or page (a cold boot may take over two minutes here). */
const bootTimeout = 240_000;

describe("a Share link", () => {
  let link = "";

  it("is made from the history and the workspace's files, and copied to the clipboard", async () => {
    await openAt(page, app.url);
    await clearScreen(page);
    await typeLine(page, "cat > hello.txt <<'EOF'");
    await waitForScreen(page, /^>$/m);
    await typeLine(page, "hello from the link");
    await typeLine(page, "EOF");
    await waitForPrompt(page);
    expect(outputLines(await runCommand(page, "cat hello.txt"))).toEqual(["hello from the link"]);
    expect(outputLines(await runCommand(page, "docker run --rm busybox echo shared"))).toEqual(["shared"]);
    await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(app.url).origin });
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Share this session" });
    await dialog.getByText(/Link copied to the clipboard/).waitFor();
    link = await dialog.getByRole("textbox", { name: "share link" }).inputValue();
    expect(link).toMatch(new RegExp(`^${app.url}#share=[A-Za-z0-9_-]+$`));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
  }, bootTimeout);

  it("corrupted, is refused with a message in a fresh profile, and changes nothing there", async () => {
    const middle = Math.floor(link.length / 2);
    const corrupted = `${link.slice(0, middle)}${"A".repeat(24)}${link.slice(middle + 24)}`;
    // The first profile has done its part; its engine would only take CPU from the fresh one's boot.
    await browser.close();
    ({ browser: freshBrowser, page } = await openInFreshProfile(corrupted));
    expect(await screenText(page)).toMatch(/this link's shared session is refused: .*; nothing was changed\./);
    expect(await screenText(page)).not.toContain("Restored from the link");
    // No history came with it: Up leaves the prompt empty. And no file.
    await keyboard(page, "ArrowUp");
    await page.waitForTimeout(300);
    expect((await screenText(page)).trimEnd()).toMatch(/berth:~\$$/);
    expect(outputLines(await runCommand(page, "ls -a"))).toEqual([expect.stringMatching(/^\.\s+\.\.$/)]);
  }, bootTimeout);

  it("restores the history and the file in a fresh profile, and puts the first command on the prompt without running it", async () => {
    await page.goto("about:blank");
    await openAt(page, link, (opened) => waitForScreen(opened, prefilled(heredoc)));
    expect(await screenText(page)).toContain("Restored from the link: 1 file (/hello.txt), 3 commands in the history");
    await page.waitForTimeout(1000);
    expect(prefilled(heredoc)(await screenText(page))).toBe(true);
    await keyboard(page, "Control+c");
    await waitForPrompt(page);
    expect(outputLines(await runCommand(page, "cat hello.txt"))).toEqual(["hello from the link"]);
    // Up goes back through the shared history (past the cat just run): the docker command, then the heredoc.
    await clearScreen(page);
    await keyboard(page, "ArrowUp");
    await keyboard(page, "ArrowUp");
    await waitForScreen(page, prefilled("docker run --rm busybox echo shared"));
    await keyboard(page, "Enter");
    await waitForScreen(page, /^shared$/m, 60_000);
  }, bootTimeout);
});
