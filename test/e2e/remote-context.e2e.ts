// One client, many daemons: the page's terminal, typed into as a person would, creates a docker
// context for a real `berth daemon` (a child process that allows the page's origin), runs
// containers there (attach and exec over WebSockets), goes back to the engine in the tab with
// `docker context use default`, and gets Docker's message once the daemon is gone.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startDaemonForPage, type PageDaemon } from "../integration/page-daemon.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { clearScreen, runCommand, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let daemon: PageDaemon;
let home: string;

const run = (line: string, timeoutMs?: number) => runCommand(page, line, timeoutMs);
/** The output's non-empty lines, without the prompt that follows it. */
const lines = (output: string) =>
  output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("berth:~$"));
/** How many containers the daemon has been asked to create, and has started, so far (its --debug request log). */
const creations = () => daemon.output().match(/POST \/v1\.50\/containers\/create\b/g)?.length ?? 0;
const starts = () => daemon.output().match(/POST \/v1\.50\/containers\/\w+\/start 204/g)?.length ?? 0;

async function waitForStarts(count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (starts() < count) {
    if (Date.now() > deadline) throw new Error(`the daemon started no container:\n${daemon.output()}`);
    await page.waitForTimeout(100);
  }
}

beforeAll(async () => {
  app = await startApp();
  home = mkdtempSync(join(tmpdir(), "berth-context-e2e-"));
  browser = await launchBrowser();
  page = await browser.newPage();
  // The daemon and the tab's guest boot side by side.
  [daemon] = await Promise.all([
    startDaemonForPage(home, new URL(app.url).origin),
    page.goto(app.url).then(() => waitForScreen(page, /Guest ready: (cold boot|snapshot restore) in [\d.]+ s/, 150_000)),
  ]);
  await waitForPrompt(page);
});

afterAll(async () => {
  await browser?.close();
  await daemon?.stop();
  await app?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe("docker context in the page", () => {
  beforeEach(() => onTestFailed(() => console.log(`berth daemon's output:\n${daemon.output()}`)));

  it("runs containers on a berth daemon through a context, then in the tab again with `context use default`", async () => {
    expect(lines(await run(`docker context create test --docker host=${daemon.url},token=${daemon.token}`))).toEqual(["test", 'Successfully created context "test"']);
    expect(lines(await run("docker context use test"))).toEqual(["test", 'Current context is now "test"']);
    expect(await run("docker context ls")).toMatch(new RegExp(`\\ntest \\*\\s+${daemon.url.replaceAll(".", "\\.")}`));

    const before = creations();
    const output = await run("docker run --rm busybox echo hi", 90_000);
    expect(lines(output)).toEqual(["hi"]);
    expect(creations()).toBe(before + 1);

    expect(lines(await run("docker run -d --name remote-web busybox sleep 300"))[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(lines(await run("docker exec remote-web sh -c 'echo inside; exit 3'"))).toEqual(["inside", "exit status 3"]);
    expect(lines(await run("docker ps --format '{{.Names}}'"))).toEqual(["remote-web"]);

    expect(lines(await run("docker context use default"))).toEqual(["default", 'Current context is now "default"']);
    expect(lines(await run("docker run --rm busybox echo in the tab", 90_000))).toEqual(["in the tab"]);
    expect(creations()).toBe(before + 2);
    expect(lines(await run("docker ps -a --format '{{.Names}}'"))).not.toContain("remote-web");
    expect(lines(await run("docker --context test ps --format '{{.Names}}'"))).toEqual(["remote-web"]);
  });

  it("drives a daemon's containers from the keyboard: -it with a TTY, -i with Ctrl-D ending stdin", async () => {
    await clearScreen(page);
    await typeLine(page, "docker --context test run -it --rm busybox sh");
    await waitForScreen(page, /^\/ #$/m);
    await typeLine(page, "echo tty-$((6*7))");
    await waitForScreen(page, /^tty-42\r?$/m);
    await typeLine(page, "exit");
    await waitForPrompt(page);

    await clearScreen(page);
    const started = starts();
    await typeLine(page, "docker --context test run -i --rm busybox sh -c 'cat; echo end-of-input'");
    // Keys go to the container once it runs; typed earlier, they would wait for the next prompt.
    await waitForStarts(started + 1);
    await page.waitForTimeout(300);
    await typeLine(page, "typed-line");
    await page.keyboard.press("Control+D");
    const screen = await waitForPrompt(page);
    expect(screen).toMatch(/^typed-line$/m);
    expect(screen).toMatch(/^end-of-input$/m);
  });

  it("keeps the prompt when the daemon is gone, with Docker's message", async () => {
    await run("docker --context test rm -f remote-web");
    await daemon.stop();
    expect(lines(await run("docker --context test ps"))).toEqual([`Cannot connect to the Docker daemon at ${daemon.url}. Is the docker daemon running?`, "exit status 1"]);
    expect(lines(await run("docker ps --format '{{.Names}}'"))).toEqual([]);
  });

  it("keeps the contexts in localStorage across a reload", async () => {
    await run("docker context use test");
    await page.reload();
    await waitForScreen(page, /Guest ready: snapshot restore in [\d.]+ s/, 60_000);
    await waitForPrompt(page);
    expect(lines(await run("docker context show"))).toEqual(["test"]);
    expect(lines(await run("docker context ls -q"))).toEqual(["default", "test"]);
    expect(lines(await run("docker context rm -f test"))).toEqual(["test"]);
    expect(lines(await run("docker context show"))).toEqual(["default"]);
  });
});
