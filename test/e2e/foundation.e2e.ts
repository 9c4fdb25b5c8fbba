// The foundation, driven through the page as a person would: type into the terminal, read it.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { clearScreen, runCommand, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string) => runCommand(page, line);

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(app.url);
  await waitForScreen(page, /Guest ready: cold boot in [\d.]+ s/, 150_000);
  await waitForPrompt(page);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the docker terminal", () => {
  it("runs a container from the embedded busybox image", async () => {
    const output = await run("docker run --rm busybox echo hello");
    expect(output.split("\n").map((line) => line.trim())).toContain("hello");
  });

  it("shows the container's own process as PID 1", async () => {
    const output = await run("docker run --rm busybox cat /proc/1/cmdline");
    expect(output).toContain("cat/proc/1/cmdline");
  });

  it("keeps the guest agent and its channel out of the container's sight", async () => {
    const output = await run("docker run --rm busybox sh -c 'ls /dev; echo pids: $(ls /proc | grep -c \"^[0-9]\")'");
    expect(output).not.toMatch(/hvc|vport|ttyS/);
    expect(output).toMatch(/pids: [1-5]\b/);
  });

  it("names the container's host after its id", async () => {
    const output = await run("docker run --name hostname-check busybox hostname");
    const hostname = output.trim().split("\n")[0].trim();
    expect(hostname).toMatch(/^[0-9a-f]{12}$/);
    const newestIds = (await run("docker ps -a -q")).trim().split("\n").map((line) => line.trim());
    expect(newestIds[0]).toBe(hostname);
    expect(await run("docker rm hostname-check")).toContain("hostname-check");
  });

  it("honours -e, -w, -u and --entrypoint", async () => {
    const output = await run(`docker run --rm -e GREETING=hi -w /tmp -u 65534 busybox sh -c 'echo "$GREETING $(pwd) $(id -u)"'`);
    expect(output).toContain("hi /tmp 65534");
    expect(await run("docker run --rm --entrypoint /bin/echo busybox from-entrypoint")).toContain("from-entrypoint");
  });

  it("lists containers and images and describes the system", async () => {
    expect(await run("docker ps -a")).toMatch(/CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES/);
    expect(await run("docker images")).toMatch(/busybox\s+latest\s+[0-9a-f]{12}/);
    const info = await run("docker info");
    for (const fact of ["Kernel Version: 6.1", "Cgroup Version: 2", "Storage Driver: overlay2", "crun", "CPUs: 1", "Total Memory"]) {
      expect(info).toContain(fact);
    }
    expect(await run("docker version")).toMatch(/Server:[\s\S]*API version:\s+1\.50/);
    // The help is longer than the screen, so only its end is read back.
    await clearScreen(page);
    await typeLine(page, "help");
    expect(await waitForPrompt(page)).toMatch(/Run 'docker COMMAND --help' for more information on a command/);
  });

  it("runs an interactive shell with a TTY and returns to the prompt on exit", async () => {
    await clearScreen(page);
    await typeLine(page, "docker run --rm -it busybox sh");
    await waitForScreen(page, /^\/ #$/m);
    await typeLine(page, "echo $((6*7))");
    await waitForScreen(page, /^42$/m);
    await typeLine(page, "exit");
    await waitForPrompt(page);
  });

  it("reports a non-zero exit status", async () => {
    const output = await run("docker run --rm busybox sh -c 'exit 3'");
    expect(output).toContain("exit status 3");
  });

  it("stops the foreground container on Ctrl-C", async () => {
    await clearScreen(page);
    await typeLine(page, "docker run --rm busybox sleep 600");
    await page.waitForTimeout(1500);
    await page.keyboard.press("Control+C");
    await waitForPrompt(page, 20_000);
  });

  it("gives Docker's messages for an unknown command, a bad flag and a missing image", async () => {
    expect(await run("docker frobnicate")).toContain("docker: unknown command: docker frobnicate");
    expect(await run("docker run --bogus busybox true")).toContain("unknown flag: --bogus");
    expect(await run("docker run --rm no-such-image true")).toContain("Unable to find image 'no-such-image:latest' locally");
  });

  it("restores the guest from a snapshot after a reload and still runs containers", async () => {
    await page.reload();
    await waitForScreen(page, /Guest ready: snapshot restore in [\d.]+ s/, 60_000);
    await waitForPrompt(page);
    const output = await run("docker run --rm busybox echo after-reload");
    expect(output).toContain("after-reload");
  });
});
