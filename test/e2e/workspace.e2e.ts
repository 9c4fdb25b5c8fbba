// The workspace, driven through the page as a person would: the host shell's file commands, a
// heredoc Dockerfile, persistence across a reload, the Upload button, a download, the editor panel,
// and docker's output redirected into a file.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { clearScreen, outputLines, runCommand, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string) => runCommand(page, line);
const lines = async (line: string) => outputLines(await run(line));

async function openPage(): Promise<void> {
  await waitForScreen(page, /Guest ready: /, 150_000);
  await waitForPrompt(page);
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(app.url);
  await openPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const dockerfile = ["FROM busybox", 'RUN echo "$HOME" > /home.txt', "CMD cat /home.txt"];

describe("the workspace at the prompt", () => {
  it("makes a directory, goes into it and shows it in the prompt", async () => {
    expect(await lines("pwd")).toEqual(["/"]);
    expect(await lines("mkdir -p app/src")).toEqual([]);
    await clearScreen(page);
    await typeLine(page, "cd app");
    await waitForScreen(page, /berth:~\/app\$\s*$/);
    expect(await lines("pwd")).toEqual(["/app"]);
  });

  it("writes a Dockerfile with a heredoc typed line by line, and lists and prints it", async () => {
    await clearScreen(page);
    await typeLine(page, "cat > Dockerfile <<'EOF'");
    for (const line of dockerfile) {
      await waitForScreen(page, /^>$/m);
      await typeLine(page, line);
    }
    await typeLine(page, "EOF");
    await waitForPrompt(page);
    expect(await lines("ls")).toEqual(["Dockerfile  src"]);
    expect(await lines("cat Dockerfile")).toEqual(dockerfile);
    // The history holds the whole heredoc as one command: Up recalls it (past ls, cat and rm), Enter runs it again.
    await run("rm Dockerfile");
    await clearScreen(page);
    for (let step = 0; step < 4; step++) await page.keyboard.press("ArrowUp");
    await waitForScreen(page, "> EOF");
    await page.keyboard.press("Enter");
    await waitForPrompt(page);
    expect(await lines("cat Dockerfile")).toEqual(dockerfile);
  });

  it("copies, moves and removes files, with busybox's messages for mistakes", async () => {
    expect(await lines("cp Dockerfile src/Dockerfile.copy")).toEqual([]);
    expect(await lines("mv src/Dockerfile.copy old.txt")).toEqual([]);
    expect(await lines("ls -l")).toEqual([
      "total 1",
      expect.stringMatching(/^-rw-r--r-- +1 root +root +60 \w{3} [ \d]\d \d\d:\d\d Dockerfile$/),
      expect.stringMatching(/^-rw-r--r-- +1 root +root +60 .* old\.txt$/),
      expect.stringMatching(/^drwxr-xr-x +2 root +root +0 .* src$/),
    ]);
    expect(await lines("rm old.txt")).toEqual([]);
    expect(await lines("cat old.txt")).toEqual(["cat: can't open 'old.txt': No such file or directory", "exit status 1"]);
    expect(await lines("rm src")).toEqual(["rm: 'src' is a directory", "exit status 1"]);
    expect(await lines("ls -a")).toEqual([expect.stringMatching(/^\.\s+\.\.\s+Dockerfile\s+src$/)]);
  });

  it("writes echo's and docker's output into files", async () => {
    await run("echo first line > notes.txt");
    await run("echo second line >> notes.txt");
    expect(await lines("cat notes.txt")).toEqual(["first line", "second line"]);
    await run("docker images > images.txt");
    expect((await lines("cat images.txt"))[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(await lines("cat images.txt")).toContainEqual(expect.stringMatching(/^busybox\s+latest\s+[0-9a-f]{12}/));
  });

  it("keeps the files across a reload", async () => {
    await page.reload();
    await openPage();
    expect(await lines("ls")).toEqual(["app"]);
    expect(await lines("cat app/Dockerfile")).toEqual(dockerfile);
    await run("cd app");
  });

  it("uploads a file with the Upload button into the current directory", async () => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await (await chooser).setFiles({ name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from("hello from the host\n") });
    await waitForScreen(page, "Uploaded 1 file to ~/app");
    expect(await lines("cat /app/hello.txt")).toEqual(["hello from the host"]);
  });

  it("downloads a workspace file", async () => {
    await clearScreen(page);
    const download = page.waitForEvent("download");
    await typeLine(page, "download notes.txt");
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("notes.txt");
    expect(readFileSync((await saved.path())!, "utf8")).toBe("first line\nsecond line\n");
    await waitForPrompt(page);
  });

  it("edits a file in the editor panel and saves it", async () => {
    await clearScreen(page);
    await typeLine(page, "edit notes.txt");
    const panel = page.getByRole("region", { name: "editor" });
    const text = panel.getByRole("textbox", { name: "file content" });
    await text.waitFor({ state: "visible" });
    expect(await text.inputValue()).toBe("first line\nsecond line\n");
    await text.fill("edited in the panel\n");
    await panel.getByRole("button", { name: "Save" }).click();
    await panel.getByText(/^Saved/).waitFor();
    await text.press("End");
    await text.pressSequentially("and saved with Ctrl-S\n");
    await text.press("Control+s");
    await panel.getByRole("button", { name: "Close" }).click();
    await panel.waitFor({ state: "hidden" });
    await waitForPrompt(page);
    expect(await lines("cat notes.txt")).toEqual(["edited in the panel", "and saved with Ctrl-S"]);
  });
});
