// Pulling real images through the registry proxy, typed into the page as a person would: Debian's
// docker-registry on loopback serves our fixture images (built from Debian packages and pushed with
// our own push code); a fault-injecting front corrupts and drops blobs on purpose.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startFaultRegistry } from "../registry/fault-registry.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { launchBrowser } from "./browser.ts";
import { storedContent } from "./content-inspection.ts";
import { runCommand, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

type Started<T extends (...args: never[]) => unknown> = Awaited<ReturnType<T>>;

let registry: Started<typeof startLocalRegistry>;
let faults: Started<typeof startFaultRegistry>;
let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let devtools: CDPSession;
let local: string;
let faulty: string;

const pullTimeoutMs = 300_000;
const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
const lines = (output: string) => output.split("\n").map((line) => line.trim());

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  registry = await startLocalRegistry();
  await pushFixtures(registry.url, fixtures);
  faults = await startFaultRegistry(registry.url);
  local = registry.host;
  faulty = faults.host;
  process.env.BERTH_ALLOW_REGISTRIES = `${registry.host},${faults.host}`;
  app = await startApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  devtools = await browser.newCDPSession(page);
  await page.goto(app.url);
  await waitForScreen(page, /Guest ready: (cold boot|snapshot restore) in [\d.]+ s/, 150_000);
  await waitForPrompt(page);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await faults?.stop();
  await registry?.close();
});

async function reloadPage(): Promise<void> {
  await page.reload();
  await waitForScreen(page, /Guest ready: snapshot restore in [\d.]+ s/, 150_000);
  await waitForPrompt(page);
}

describe("pulling through the registry proxy", () => {
  it("resumes a blob whose connection dropped halfway, and runs the image", async () => {
    const output = await run(`docker pull ${faulty}/flaky/busybox`, pullTimeoutMs);
    expect(output).toContain("Pull complete");
    expect(output).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/flaky\/busybox:latest/);
    expect([...faults.stats.rangeRequests.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    expect(lines(await run(`docker run --rm ${faulty}/flaky/busybox echo resumed`))).toContain("resumed");
  });

  it("refuses a pull that does not fit the storage quota, and keeps nothing", async () => {
    const origin = new URL(app.url).origin;
    await devtools.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 8 * 1024 * 1024 });
    try {
      const output = await run(`docker pull ${local}/debian`, pullTimeoutMs);
      expect(output).toMatch(/Error response from daemon: no space left on device: pulling 127\.0\.0\.1:\d+\/debian:latest needs [\d.]+ MB/);
      expect(output).toContain("exit status 1");
    } finally {
      await devtools.send("Storage.overrideQuotaForOrigin", { origin });
    }
    const stored = await storedContent(page);
    expect(stored.ingests).toEqual([]);
    expect(stored.orphanChunks).toBe(0);
    expect(await run("docker images")).not.toContain("/debian");
  });

  it("pulls Debian with Docker's progress lines", async () => {
    const output = await run(`docker pull ${local}/debian`, pullTimeoutMs);
    expect(output).toContain("Using default tag: latest");
    expect(output).toContain("latest: Pulling from debian");
    expect(output).toMatch(/[0-9a-f]{12}: Pull complete/);
    expect(output).toMatch(/Digest: sha256:[0-9a-f]{64}/);
    expect(output).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/debian:latest/);
    expect(output).toMatch(/127\.0\.0\.1:\d+\/debian:latest/);
  });

  it("runs Debian: its version file and a setuid binary", async () => {
    const version = await run(`docker run --rm ${local}/debian cat /etc/debian_version`);
    expect(lines(version).some((line) => /^12\.\d+$/.test(line))).toBe(true);
    const passwd = await run(`docker run --rm ${local}/debian ls -l /usr/bin/passwd`);
    expect(passwd).toMatch(/-rwsr-xr-x\s+1 root\s+root\s+\d+ .* \/usr\/bin\/passwd/);
  });

  it("says the image is up to date when pulled again", async () => {
    const output = await run(`docker pull ${local}/debian`);
    expect(output).toMatch(/Status: Image is up to date for 127\.0\.0\.1:\d+\/debian:latest/);
  });

  it("keeps pulled images across a reload", async () => {
    await reloadPage();
    const output = await run("docker images");
    expect(output).toMatch(/127\.0\.0\.1:\d+\/debian\s+latest\s+[0-9a-f]{12}\s/);
  });

  it("runs a cached image with the registry stopped", async () => {
    await registry.stop();
    try {
      const output = await run(`docker run --rm ${local}/debian true`);
      expect(output).not.toContain("exit status");
      expect(output).not.toContain("Error");
    } finally {
      await registry.start();
    }
  });

  it("pulls an image implicitly on run", async () => {
    const output = await run(`docker run --rm ${local}/zstd cat /etc/fixture-zstd`, pullTimeoutMs);
    expect(output).toMatch(/Unable to find image '127\.0\.0\.1:\d+\/zstd:latest' locally/);
    expect(output).toContain("Pull complete");
    expect(output).not.toContain("exit status");
  });

  it("selects the linux/386 variant of a multi-platform image", async () => {
    const output = await run(`docker run --rm ${local}/multiarch cat /etc/fixture-arch`, pullTimeoutMs);
    expect(lines(output)).toContain("386");
  });

  it("explains why an image without a linux/386 variant cannot run", async () => {
    const output = await run(`docker pull ${local}/amd64only`);
    expect(output).toContain("Error response from daemon: no matching manifest for linux/386 in the manifest list entries");
    expect(output).toContain("linux/amd64");
    expect(output).toMatch(/i686|32-bit x86/);
    expect(output).toContain("exit status 1");
  });

  it("applies whiteouts and opaque directories", async () => {
    const output = await run(`docker run --rm ${local}/whiteout sh -c 'ls -A /data; echo --; ls -A /opaque'`, pullTimeoutMs);
    const [data, opaque] = output.split("--");
    expect(lines(data ?? "")).toContain("keep.txt");
    expect(data).not.toContain("removed.txt");
    expect(lines(opaque ?? "")).toContain("new.txt");
    expect(opaque).not.toContain("old-a");
    expect(opaque).not.toContain("old-b");
  });
});

describe("bad input and faults", () => {
  const expectNothingCached = async (repository: string) => {
    const stored = await storedContent(page);
    expect(stored.ingests).toEqual([]);
    expect(stored.orphanChunks).toBe(0);
    expect(await run("docker images")).not.toContain(repository);
  };

  const expectEngineStillRuns = async () => {
    expect(lines(await run("docker run --rm busybox echo still-alive"))).toContain("still-alive");
  };

  it("reports an unknown repository", async () => {
    const output = await run(`docker pull ${local}/no-such-repo`);
    expect(output).toMatch(/Error response from daemon: pull access denied for 127\.0\.0\.1:\d+\/no-such-repo, repository does not exist/);
    expect(output).toContain("exit status 1");
  });

  it("reports an unknown tag", async () => {
    const output = await run(`docker pull ${local}/debian:no-such-tag`);
    expect(output).toMatch(/Error response from daemon: manifest for 127\.0\.0\.1:\d+\/debian:no-such-tag not found: manifest unknown/);
  });

  it("rejects a blob whose bytes do not match its digest", async () => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${faulty}/corrupt/whiteout`, pullTimeoutMs);
    expect(output).toContain("filesystem layer verification failed for digest sha256:");
    expect(output).toContain("exit status 1");
    const after = await storedContent(page);
    expect(after.blobs.length).toBe(before.blobs.length);
    await expectNothingCached("corrupt/whiteout");
    await expectEngineStillRuns();
  });

  it("rejects a truncated gzip layer", async () => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${local}/broken/truncated-gzip`, pullTimeoutMs);
    expect(output).toMatch(/gzip/i);
    expect(output).toContain("exit status 1");
    expect((await storedContent(page)).blobs.length).toBe(before.blobs.length);
    await expectNothingCached("broken/truncated-gzip");
    await expectEngineStillRuns();
  });

  it.each(["hostile/dotdot", "hostile/symlink", "hostile/symlink:split"])("refuses the hostile layer in %s", async (image) => {
    const before = await storedContent(page);
    const output = await run(`docker pull ${local}/${image}`, pullTimeoutMs);
    expect(output).toContain("refusing layer entry");
    expect(output).toContain("exit status 1");
    expect((await storedContent(page)).blobs.length).toBe(before.blobs.length);
    await expectNothingCached(image.split(":")[0]!);
    await expectEngineStillRuns();
  });

  it("refuses a registry that is not on the proxy's allowlist", async () => {
    const output = await run("docker pull registry.example.invalid/some/image");
    expect(output).toContain("registry host registry.example.invalid is not on the proxy's allowlist");
    expect(output).toContain("exit status 1");
  });

  it("refuses a private address", async () => {
    const output = await run("docker pull 10.1.2.3:5000/some/image");
    expect(output).toContain("10.1.2.3 is a private address");
    expect(output).toContain("exit status 1");
    await expectEngineStillRuns();
  });
});
