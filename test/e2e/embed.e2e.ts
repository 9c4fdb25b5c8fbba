// <docker-run> on an author's page: a docs page served from one loopback port embeds berth's
// production build from another. Its examples run in one engine (one engine frame on the page; the
// second example sees the container the first made), show their output as text, run from the
// keyboard alone, and an example's inline Dockerfile builds and runs.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { serveBuiltSite, type BuiltSite } from "./built-site.ts";
import { serveDocsPages } from "./docs-page-server.ts";

let site: BuiltSite;
let docs: RunningApp;
let browser: BrowserContext;
let page: Page;

const coldBoot = 240_000;

/** A page whose own script uses the JavaScript API; it leaves what it saw in window.apiResults. */
function apiPage(embedScript: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>berth's JavaScript API</title></head>
  <body>
    <script type="module">
      import { boot } from "${embedScript}";
      try {
        const berth = await boot();
        await berth.writeFile("api/greeting.txt", "written by the page\\n");
        const output = [];
        const onOutput = (text) => output.push(text);
        const cat = await berth.run("cat greeting.txt", { directory: "/api", onOutput });
        const container = await berth.run("docker run --rm busybox echo from a container", { onOutput });
        const redirected = await berth.run("docker run --rm busybox echo into a file > api/out.txt");
        const failed = await berth.run("docker run --rm busybox false");
        const file = new TextDecoder().decode(await berth.readFile("api/out.txt"));
        const refusal = [];
        const otherDaemon = await berth.run("docker -H tcp://127.0.0.1:9 ps", { onOutput: (text) => refusal.push(text) });
        window.apiResults = { cat, container, redirected, failed, output: output.join(""), file, otherDaemon, refusal: refusal.join("") };
      } catch (error) {
        window.apiResults = { error: String(error) };
      }
    </script>
  </body>
</html>`;
}

/** A long page with its one example far below the first screen. */
function lazyPage(embedScript: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>An example below the fold</title></head>
  <body>
    <h1>Read first</h1>
    <div style="height: 4000px"></div>
    <docker-run id="below" readonly>docker run --rm busybox echo below the fold</docker-run>
    <script type="module" src="${embedScript}"></script>
  </body>
</html>`;
}

function docsPage(embedScript: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Docs with berth examples</title></head>
  <body>
    <h1>Containers</h1>
    <p>Run a container that stays behind:</p>
    <docker-run id="first" readonly rows="4">
      docker run --name embed-shared busybox echo made by the first example
    </docker-run>
    <p>List it from another example:</p>
    <docker-run id="second" readonly rows="4">
      docker ps -a --filter name=embed-shared --format '{{.Names}} {{.Image}}'
    </docker-run>
    <p>Build an image from a Dockerfile:</p>
    <docker-run id="build" readonly rows="12">
      docker build -q -t embed-built .
      docker run --rm embed-built
      <script type="text/plain" data-path="Dockerfile">
        FROM busybox
        COPY greeting.txt /greeting.txt
        CMD ["cat", "/greeting.txt"]
      </script>
      <script type="text/plain" data-path="greeting.txt">hello from an inline Dockerfile</script>
    </docker-run>
    <p>This one runs until it is stopped:</p>
    <docker-run id="long" readonly rows="3">docker run --rm busybox sh -c 'echo started; sleep 600'</docker-run>
    <p>Change this one before you run it:</p>
    <docker-run id="editable" image="busybox" command="echo as written" rows="3"></docker-run>
    <script type="module" src="${embedScript}"></script>
  </body>
</html>`;
}

const example = (id: string): Locator => page.locator(`docker-run#${id}`);
const output = (id: string): Locator => example(id).locator(".output");
const status = (id: string): Locator => example(id).locator(".status");

async function waitForOutput(id: string, pattern: RegExp, timeout: number): Promise<string> {
  const deadline = Date.now() + timeout;
  let text = "";
  while (Date.now() < deadline) {
    text = (await output(id).textContent()) ?? "";
    if (pattern.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting for ${String(pattern)} in example ${id}; it shows:\n${text}\n(status: ${await status(id).textContent()})`);
}

/** The element inside its shadow root that has the keyboard focus, described. */
const focused = () =>
  page.evaluate(() => {
    const host = document.activeElement;
    const inner = host?.shadowRoot?.activeElement;
    return `${host?.id ?? ""} ${inner?.className ?? ""}`;
  });

beforeAll(async () => {
  site = await serveBuiltSite();
  const embedScript = `${site.url}embed.js`;
  docs = await serveDocsPages({ "/": docsPage(embedScript), "/api": apiPage(embedScript), "/lazy": lazyPage(embedScript) });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(docs.url);
});

afterAll(async () => {
  await browser?.close();
  await docs?.close();
  await site?.close();
});

describe("<docker-run> on a page of another origin", () => {
  it("shows each example's command with a real Run button", async () => {
    expect(new URL(docs.url).origin).not.toBe(new URL(site.url).origin);
    await expect.poll(() => example("first").locator(".commands").textContent()).toBe("$ docker run --name embed-shared busybox echo made by the first example");
    expect(await example("first").getByRole("button", { name: "Run" }).count()).toBe(1);
  });

  it("runs a readonly example from the keyboard alone (Tab, Enter) and shows its output as text", async () => {
    await page.locator("h1").click();
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("first run");
    await page.keyboard.press("Enter");
    const text = await waitForOutput("first", /^made by the first example$/m, coldBoot);
    expect(text.split("\n")[0]).toBe("$ docker run --name embed-shared busybox echo made by the first example");
    await expect.poll(() => status("first").textContent(), { timeout: 10_000 }).toBe("Done.");
  }, coldBoot + 30_000);

  it("runs the next example (Tab, Space) in the same engine: it sees the container the first one made", async () => {
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("first output");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("second run");
    await page.keyboard.press("Space");
    await waitForOutput("second", /^embed-shared busybox$/m, 60_000);
    expect(await page.locator("iframe").count()).toBe(1);
    expect(await page.locator("iframe").getAttribute("src")).toBe(`${site.url}embed/frame.html`);
  });

  it("builds an example's inline Dockerfile in its workspace and runs the image", async () => {
    await example("build").getByRole("button", { name: "Run" }).click();
    const text = await waitForOutput("build", /^hello from an inline Dockerfile$/m, 120_000);
    expect(text).toMatch(/^sha256:[0-9a-f]{64}$/m);
    await expect.poll(() => status("build").textContent()).toBe("Done.");
  });
});

describe("a long-running example", () => {
  it("turns its Run button into Stop, which sends Ctrl-C and ends the container", async () => {
    const button = example("long").getByRole("button", { name: "Run" });
    await button.click();
    await waitForOutput("long", /^started$/m, 60_000);
    const stopButton = example("long").getByRole("button", { name: "Stop" });
    await stopButton.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => status("long").textContent(), { timeout: 20_000 }).toMatch(/^Stopped: exit status (130|137)\.$/);
    expect(await example("long").getByRole("button", { name: "Run" }).count()).toBe(1);
  });
});

describe("an example without readonly", () => {
  it("offers its command (the image's docker run written out) for editing, and runs what the reader wrote", async () => {
    const editor = example("editable").getByRole("textbox", { name: "Commands to run" });
    expect(await editor.inputValue()).toBe("docker run --rm busybox echo as written");
    await editor.fill("docker run --rm busybox echo as the reader wrote it");
    await example("editable").getByRole("button", { name: "Run" }).click();
    await waitForOutput("editable", /^as the reader wrote it$/m, 60_000);
    expect(await output("editable").textContent()).not.toContain("as written\n");
  });
});

describe("the JavaScript API", () => {
  it("boots the engine, runs commands with their output and exit codes, writes and reads workspace files, and reaches no other daemon", async () => {
    await page.close();
    page = await browser.newPage();
    await page.goto(`${docs.url}api`);
    await page.waitForFunction(() => "apiResults" in window, undefined, { timeout: coldBoot });
    const results = await page.evaluate(() => (window as unknown as { apiResults: Record<string, unknown> }).apiResults);
    expect(results).toMatchObject({
      cat: 0,
      container: 0,
      redirected: 0,
      failed: 1,
      output: "written by the page\nfrom a container\n",
      file: "into a file\n",
    });
    // The page's engine is the only one an embedded example reaches.
    expect(results.otherDaemon).not.toBe(0);
    expect(results.refusal).toContain("an embedded example talks only to the engine of its page");
  }, coldBoot);
});

describe("lazy start", () => {
  it("makes no engine frame until an example comes into view, then starts the engine", async () => {
    await page.close();
    page = await browser.newPage();
    await page.goto(`${docs.url}lazy`);
    await expect.poll(() => example("below").locator(".run").count()).toBe(1);
    await page.waitForTimeout(2000);
    expect(await page.locator("iframe").count()).toBe(0);
    expect(await status("below").textContent()).toBe("");
    await example("below").scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator("iframe").count()).toBe(1);
    await expect.poll(() => status("below").textContent(), { timeout: coldBoot }).toBe("Ready.");
    await example("below").locator(".run").click();
    await waitForOutput("below", /^below the fold$/m, 60_000);
  }, coldBoot + 60_000);
});

describe("the sample tutorial at /tutorial/", () => {
  it("is a page of runnable examples; its Dockerfile step builds and runs the image", async () => {
    await page.close();
    page = await browser.newPage();
    await page.goto(`${site.url}tutorial/`);
    expect(await page.locator("docker-run").count()).toBeGreaterThanOrEqual(8);
    await example("dockerfile").locator(".run").click();
    await waitForOutput("dockerfile", /^Hello, a reader of the tutorial! This image was built in your browser\.$/m, coldBoot);
    expect(await output("dockerfile").textContent()).toContain("Successfully tagged tutorial-greeter:latest");
  }, coldBoot + 30_000);
});
