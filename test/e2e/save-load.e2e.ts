// docker save and load in the page, typed as a person would: the saved archive arrives as a
// download, busybox is removed, and the same file uploaded to `docker load` brings it back to run;
// a corrupt upload is refused with Docker's kind of error and leaves the images as they were.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { openAppPage } from "./page-session.ts";
import { clearScreen, outputLines as lines, runCommand, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string, timeoutMs?: number) => runCommand(page, line, timeoutMs);

beforeAll(async () => {
  ({ app, browser, page } = await openAppPage());
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Types `line`, then hands `name` with `bytes` to the file picker it opens. */
async function upload(line: string, name: string, bytes: Buffer): Promise<void> {
  await clearScreen(page);
  await typeLine(page, line);
  await waitForScreen(page, "choose it with the button");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Choose files to copy" }).click();
  await (await chooser).setFiles({ name, mimeType: "application/x-tar", buffer: bytes });
}

describe("docker save and docker load in the page", () => {
  let archive: Buffer;

  it("saves busybox as a download, loads it back after rmi, and runs it", async () => {
    expect(await run("docker save busybox")).toContain("cowardly refusing to save to a terminal. Use the -o flag or redirect");

    await clearScreen(page);
    const download = page.waitForEvent("download");
    await typeLine(page, "docker save -o busybox.tar busybox");
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("busybox.tar");
    archive = readFileSync((await saved.path())!);
    expect(archive.includes(Buffer.from('"RepoTags":["busybox:latest"]'))).toBe(true);
    expect(archive.includes(Buffer.from("io.containerd.image.name"))).toBe(true);
    await waitForPrompt(page);

    expect(await run("docker rmi busybox")).toContain("Untagged: busybox:latest");
    expect(await run("docker images --format '{{.Repository}}'")).not.toMatch(/^busybox$/m);

    await upload("docker load", "busybox.tar", archive);
    await waitForScreen(page, "Loaded image: busybox:latest");
    await waitForPrompt(page);
    expect(lines(await run("docker run --rm busybox echo ok"))).toContain("ok");

    // The archive -o wrote is a workspace file too: load it with -i, or redirected to stdin.
    expect(lines(await run("ls -l busybox.tar")).join("\n")).toContain(String(archive.length));
    await run("docker rmi busybox");
    expect(lines(await run("docker load -q -i busybox.tar"))).toContain("Loaded image: busybox:latest");
    await run("docker rmi busybox");
    expect(lines(await run("docker load < busybox.tar"))).toContain("Loaded image: busybox:latest");
    await run("docker save busybox > again.tar");
    expect(lines(await run("ls -l again.tar")).join("\n")).toContain(String(archive.length));
    expect(lines(await run("docker run --rm busybox echo still ok"))).toContain("still ok");
  });

  it("refuses a corrupt upload with an error and keeps the images as they were", async () => {
    const before = await run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'");
    await upload("docker load", "broken.tar", archive.subarray(0, Math.floor(archive.length / 2)));
    await waitForScreen(page, /Error response from daemon: invalid tar archive: truncated/);
    await waitForPrompt(page);
    expect(await run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'")).toBe(before);
  });
});
